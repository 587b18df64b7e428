package dev.meshtrace.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The encoder's own bookkeeping, below what the handler tests see: spans far larger than the protobuf writer's
 * buffer, the buffer reused afterwards, and each span encoded once for the reporter's size-then-bytes requests.
 */
class OtlpEncoderTest {
  private final OtlpEncoder proto = new OtlpEncoder(false, "reviews", Map.of());
  private final OtlpEncoder json = new OtlpEncoder(true, "reviews", Map.of());

  @Test
  void spansLargerThanTheWritersBufferAreWrittenWhole() throws InvalidProtocolBufferException {
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) tags.put("tag." + i + "\u00e9", "\u00fc\ud83d\ude00".repeat(20 * i) + "x".repeat(i));
    tags.put("huge", "y".repeat(70_000)); // beyond what a thread keeps between spans

    Span large = decode(proto.encode(new OtlpSpan(span("large \u2028", tags), "vendor=1")));
    assertThat(large.getName()).isEqualTo("large \u2028");
    assertThat(large.getTraceState()).isEqualTo("vendor=1");
    assertThat(attributes(large)).containsExactlyInAnyOrderEntriesOf(tags);

    // The next span on the same thread starts from an empty buffer.
    Span small = decode(proto.encode(new OtlpSpan(span("small", Map.of("k", "v")), null)));
    assertThat(small.getName()).isEqualTo("small");
    assertThat(attributes(small)).containsExactly(Map.entry("k", "v"));
  }

  @Test
  void theBufferGrowsAtWhicheverFieldItRunsOutIn() throws Exception {
    // Spans of every size across the writer's initial 1 KiB, each encoded on a thread of its own (whose writer
    // starts at that size): each field in turn is the one that finds the buffer full.
    // Then single values of two and five times its size.
    int[] lengths = IntStream.concat(IntStream.rangeClosed(700, 1100), IntStream.of(2_500, 5_000)).toArray();
    for (int length : lengths) {
      OtlpSpan sized = new OtlpSpan(span("sized", Map.of("k", "x".repeat(length))), null);
      CompletableFuture<byte[]> encoded = new CompletableFuture<>();
      Thread thread = new Thread(() -> encoded.complete(proto.encode(sized)));
      thread.setUncaughtExceptionHandler((t, e) -> encoded.completeExceptionally(e));
      thread.start();
      Span span = decode(encoded.get(10, TimeUnit.SECONDS));
      assertThat(span.getName()).isEqualTo("sized");
      assertThat(attributes(span).get("k")).hasSize(length);
      assertThat(span.getSpanId().size()).isEqualTo(8);
      assertThat(span.getTraceId().size()).isEqualTo(16);
    }
  }

  @Test
  void aSpanIsEncodedOnceForItsSizeAndThenItsBytes() {
    for (OtlpEncoder encoder : new OtlpEncoder[] {proto, json}) {
      MutableSpan span = span("get /ratings", Map.of("http.method", "GET", "http.path", "/ratings/\u00e9"));
      byte[] alone = encoder.encode(new OtlpSpan(span, null));

      OtlpSpan queued = new OtlpSpan(span, null);
      int size = encoder.sizeInBytes(queued);
      assertThat(encoder.sizeInBytes(queued)).isEqualTo(size);
      byte[] bytes = encoder.encode(queued);
      assertThat(bytes).hasSize(size).isEqualTo(alone);
      assertThat(queued.encoded).as("not kept once taken").isNull();

      span.name("renamed"); // a span encoded again after its bytes were taken is encoded anew
      assertThat(new String(encoder.encode(queued), StandardCharsets.UTF_8)).contains("renamed");
    }
  }

  private static MutableSpan span(String name, Map<String, String> tags) {
    TraceContext context = TraceContext.builder().traceId(0x1234L, 0x5678L).wideTraceId(true).spanId(0x9aL)
        .sampled(true).build();
    MutableSpan span = new MutableSpan().ids(context).name(name).kind(SpanKind.CLIENT)
        .startTimestamp(1_700_000_000_000_000L).finishTimestamp(1_700_000_000_000_250L);
    tags.forEach(span::tag);
    return span;
  }

  private static Span decode(byte[] encoded) throws InvalidProtocolBufferException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(encoded);
    assertThat(request.getResourceSpansCount()).isEqualTo(1);
    return request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
  }

  private static Map<String, String> attributes(Span span) {
    return span.getAttributesList().stream()
        .collect(Collectors.toMap(KeyValue::getKey, keyValue -> keyValue.getValue().getStringValue()));
  }
}
