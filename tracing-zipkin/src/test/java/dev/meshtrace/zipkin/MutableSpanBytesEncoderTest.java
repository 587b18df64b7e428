package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanKind;
import dev.meshtrace.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/** Our encodings are checked by decoding them with Zipkin's own decoders. */
class MutableSpanBytesEncoderTest {
  static final MutableSpanBytesEncoder JSON = MutableSpanBytesEncoder.JSON_V2;

  static MutableSpan span(long traceIdHigh, long traceId, long parentId, long spanId) {
    return new MutableSpan().ids(TraceContext.builder()
        .traceId(traceIdHigh, traceId).parentId(parentId).spanId(spanId).sampled(true).build());
  }

  /** Encodes, checks the size is exact, and decodes with Zipkin's decoder for the encoding. */
  static Span roundTrip(MutableSpanBytesEncoder encoder, MutableSpan span) {
    byte[] bytes = encoder.encode(span);
    assertThat(encoder.sizeInBytes(span)).isEqualTo(bytes.length);
    SpanBytesDecoder decoder = encoder == JSON ? SpanBytesDecoder.JSON_V2 : SpanBytesDecoder.PROTO3;
    return decoder.decodeOne(bytes);
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void everyFieldOfAServerSpan(MutableSpanBytesEncoder encoder) {
    MutableSpan span = span(0x463ac35c9f6413adL, 0x48485a3953bb6124L, 0xa2fb4a1d1a96d312L, 0x1234567890abcdefL)
        .name("GET /reviews/{id}")
        .kind(SpanKind.SERVER)
        .startTimestamp(1_700_000_000_000_001L)
        .finishTimestamp(1_700_000_000_150_001L)
        .localServiceName("Reviews")
        .localIp("10.1.2.3")
        .localPort(9080)
        .remoteServiceName("productpage")
        .remoteIpAndPort("2001:db8::c001", 44321)
        .annotate(1_700_000_000_000_100L, "wr")
        .annotate(1_700_000_000_100_000L, "ws \"quoted\"")
        .tag("http.method", "GET")
        .tag("http.path", "/reviews/0")
        .tag("error", "boom");

    assertThat(roundTrip(encoder, span)).isEqualTo(Span.newBuilder()
        .traceId("463ac35c9f6413ad48485a3953bb6124")
        .parentId("a2fb4a1d1a96d312")
        .id("1234567890abcdef")
        .name("GET /reviews/{id}")
        .kind(Span.Kind.SERVER)
        .timestamp(1_700_000_000_000_001L)
        .duration(150_000L)
        .localEndpoint(Endpoint.newBuilder().serviceName("Reviews").ip("10.1.2.3").port(9080).build())
        .remoteEndpoint(Endpoint.newBuilder().serviceName("productpage").ip("2001:db8::c001").port(44321).build())
        .addAnnotation(1_700_000_000_000_100L, "wr")
        .addAnnotation(1_700_000_000_100_000L, "ws \"quoted\"")
        .putTag("http.method", "GET")
        .putTag("http.path", "/reviews/0")
        .putTag("error", "boom")
        .build());
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void debugAndSharedFlags(MutableSpanBytesEncoder encoder) {
    MutableSpan span = new MutableSpan().ids(TraceContext.builder().traceId(0, 1).spanId(2).debug(true)
        .shared(true).build()).kind(SpanKind.SERVER).name("get");

    Span decoded = roundTrip(encoder, span);

    assertThat(decoded.debug()).isTrue();
    assertThat(decoded.shared()).isTrue();
    assertThat(new String(JSON.encode(span), StandardCharsets.UTF_8))
        .contains("\"debug\":true", "\"shared\":true");
  }

  @Test
  void flagsAbsentWhenFalse() {
    String json = new String(JSON.encode(span(0, 1, 0, 2)), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000002\"}");
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void sixtyFourBitTraceIdLocalRootSpan(MutableSpanBytesEncoder encoder) {
    MutableSpan span = span(0, 0x48485a3953bb6124L, 0, 0x48485a3953bb6124L).name("compute")
        .startTimestamp(10).finishTimestamp(25);

    Span decoded = roundTrip(encoder, span);

    assertThat(decoded.traceId()).isEqualTo("48485a3953bb6124");
    assertThat(decoded.parentId()).isNull();
    assertThat(decoded.kind()).isNull();
    assertThat(decoded.localEndpoint()).isNull();
    assertThat(decoded.remoteEndpoint()).isNull();
    assertThat(decoded.durationAsLong()).isEqualTo(15);
  }

  @ParameterizedTest
  @EnumSource(SpanKind.class)
  void everyKind(SpanKind kind) {
    for (MutableSpanBytesEncoder encoder : MutableSpanBytesEncoder.values()) {
      assertThat(roundTrip(encoder, span(1, 2, 3, 4).kind(kind)).kind())
          .isEqualTo(Span.Kind.valueOf(kind.name()));
    }
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void durations(MutableSpanBytesEncoder encoder) {
    assertThat(roundTrip(encoder, span(0, 1, 0, 2).startTimestamp(100).finishTimestamp(100)).durationAsLong())
        .as("rounded up to 1").isEqualTo(1);
    assertThat(roundTrip(encoder, span(0, 1, 0, 2).startTimestamp(100).finishTimestamp(100 + (1L << 40)))
        .durationAsLong()).isEqualTo(1L << 40);
    Span unfinished = roundTrip(encoder, span(0, 1, 0, 2).startTimestamp(100));
    assertThat(unfinished.timestampAsLong()).isEqualTo(100);
    assertThat(unfinished.duration()).isNull();
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void tagsWithCharactersThatNeedEscaping(MutableSpanBytesEncoder encoder) {
    StringBuilder controls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) controls.append(c);
    controls.append('\u007f');
    Map<String, String> tags = Map.of(
        "quote", "say \"hi\"",
        "backslash", "C:\\temp\\new",
        "controls", controls.toString(),
        "non-ascii", "café – 東京 – 😀",
        "line separators", "a\u2028b\u2029c",
        "ключ \"k\"", "v");
    MutableSpan span = span(0, 1, 0, 2);
    tags.forEach(span::tag);

    assertThat(roundTrip(encoder, span).tags()).isEqualTo(tags);
  }

  @Test
  void nonAsciiIsWrittenAsUtf8AndControlCharactersAsEscapes() {
    String json = new String(JSON.encode(span(0, 1, 0, 2).tag("k", "é\u0001\n")), StandardCharsets.UTF_8);

    assertThat(json).contains("\"k\":\"é\\u0001\\n\"");
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void unpairedSurrogatesBecomeQuestionMarks(MutableSpanBytesEncoder encoder) {
    MutableSpan span = span(0, 1, 0, 2).name("a\ud800b").tag("k", "\udc00x\ud83d");

    Span decoded = roundTrip(encoder, span);

    assertThat(decoded.name()).isEqualTo("a?b");
    assertThat(decoded.tags()).containsEntry("k", "?x?");
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void randomStringsSurviveTheRoundTrip(MutableSpanBytesEncoder encoder) {
    Random random = new Random(4);
    for (int i = 0; i < 5_000; i++) {
      String key = randomString(random);
      String value = randomString(random);
      MutableSpan span = span(random.nextLong() | 1, random.nextLong() | 1, 0, random.nextLong() | 1)
          .tag(key, value).annotate(1 + random.nextInt(1 << 30), value);

      Span decoded = roundTrip(encoder, span);

      assertThat(decoded.tags()).containsExactly(Map.entry(asJavaEncodes(key), asJavaEncodes(value)));
      assertThat(decoded.annotations().get(0).value()).isEqualTo(asJavaEncodes(value));
    }
  }

  /** Mostly ASCII with escapes, some 2-, 3- and 4-byte characters, and the odd lone surrogate. */
  static String randomString(Random random) {
    StringBuilder result = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0: result.append((char) random.nextInt(0x20)); break;
        case 1: result.append("\"\\/".charAt(random.nextInt(3))); break;
        case 2: result.append((char) (0x80 + random.nextInt(0x780))); break;
        case 3: result.append((char) (0x800 + random.nextInt(0xd000))); break;
        case 4: result.appendCodePoint(0x10000 + random.nextInt(0x100000)); break;
        default:
          result.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x60) : 0xd800 + random.nextInt(0x800)));
      }
    }
    return result.toString();
  }

  /** What a string becomes through Java's UTF-8 encoder: unpaired surrogates turn into '?'. */
  static String asJavaEncodes(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void ipv6EndpointsAreWrittenWithoutBracketsOrZone(MutableSpanBytesEncoder encoder) {
    MutableSpan span = span(0, 1, 0, 2).localServiceName("svc").localIp("[fe80::1%eth0]").remoteIpAndPort("::1", 80);

    Span decoded = roundTrip(encoder, span);

    assertThat(decoded.localEndpoint().ipv6()).isEqualTo("fe80::1");
    assertThat(decoded.remoteEndpoint().ipv6()).isEqualTo("::1");
    assertThat(decoded.remoteEndpoint().portAsInt()).isEqualTo(80);
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void valuesAtTheEdgesOfEachEncodingRoundTrip(MutableSpanBytesEncoder encoder) {
    String edges = "\u001f \u007f\u0080\u07ff\u0800\uffff";
    MutableSpan span = span(0, 1, 0, 2).name("edges").localServiceName("svc").localIp("10.0.0.1").localPort(65535)
        .tag("edges", edges);

    Span decoded = roundTrip(encoder, span);

    assertThat(decoded.tags()).containsEntry("edges", edges);
    assertThat(decoded.localEndpoint().portAsInt()).isEqualTo(65535);
    assertThat(decoded.timestampAsLong()).as("no start time").isZero();
    assertThat(new String(JSON.encode(span), StandardCharsets.UTF_8))
        .contains("\"edges\":\"\\u001f \u007f\u0080\u07ff\u0800\uffff\"");
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void ipv4MappedAddressIsWrittenAsIpv4(MutableSpanBytesEncoder encoder) {
    assertThat(roundTrip(encoder, span(0, 1, 0, 2).localIp("::ffff:192.168.255.7")).localEndpoint().ipv4())
        .isEqualTo("192.168.255.7");
    String json = new String(JSON.encode(span(0, 1, 0, 2).localIp("::ffff:192.168.255.7")), StandardCharsets.UTF_8);

    assertThat(json).contains("\"localEndpoint\":{\"ipv4\":\"192.168.255.7\"}");
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void whatZipkinWouldRejectIsLeftOutInsteadOfFailingTheMessage(MutableSpanBytesEncoder encoder) {
    MutableSpan span = span(0, 1, 0, 2).name("").localServiceName("svc").localIp("not-an-ip").localPort(70000)
        .tag("kept", "v").tag("no value", null).annotate(0, "no time").annotate(5, "kept");
    span.annotate(6, null);

    Span decoded = roundTrip(encoder, span);

    assertThat(decoded.name()).isNull();
    assertThat(decoded.localEndpoint()).isEqualTo(Endpoint.newBuilder().serviceName("svc").build());
    assertThat(decoded.tags()).containsOnlyKeys("kept");
    assertThat(decoded.annotations()).extracting(a -> a.value()).containsExactly("kept");
  }

  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void encodedSpansFormAValidMessage(MutableSpanBytesEncoder encoder) {
    List<byte[]> encoded = new ArrayList<>();
    encoded.add(encoder.encode(span(0, 1, 0, 2).name("one")));
    encoded.add(encoder.encode(span(0, 1, 2, 3).name("two")));

    byte[] message = encoder.encoding().encode(encoded);

    SpanBytesDecoder decoder = encoder == JSON ? SpanBytesDecoder.JSON_V2 : SpanBytesDecoder.PROTO3;
    assertThat(decoder.decodeList(message)).extracting(Span::name).containsExactly("one", "two");
    assertThat(message).hasSize(encoder.encoding().listSizeInBytes(encoded));
  }

  /** JSON reuses a buffer per thread: a span larger than it, then beyond what is kept, then a small one again. */
  @Test
  void jsonSpansOfAnySizeInTurnOnOneThread() {
    for (int length : new int[] {10, 3_000, 100_000, 10, 70_000, 20}) {
      String value = "v\u00e9".repeat(length / 2);
      MutableSpan span = span(0, 1, 0, 2).name("n" + length).tag("k", value);

      byte[] encoded = JSON.encode(span);

      assertThat(encoded).hasSize(JSON.sizeInBytes(span));
      assertThat(new String(encoded, StandardCharsets.UTF_8)).as("length %d", length)
          .isEqualTo("{\"traceId\":\"0000000000000001\",\"id\":\"0000000000000002\",\"name\":\"n" + length
              + "\",\"tags\":{\"k\":\"" + value + "\"}}");
    }
  }

  /** Each endpoint field remembers its last IP: a different one, or none, must never get the last one's answer. */
  @ParameterizedTest
  @EnumSource(MutableSpanBytesEncoder.class)
  void endpointIpsInTurnEachWrittenAsItself(MutableSpanBytesEncoder encoder) {
    String[][] ipsAndWritten = {{"10.0.0.1", "10.0.0.1"}, {"10.0.0.1", "10.0.0.1"}, {"::ffff:10.0.0.2", "10.0.0.2"},
        {"[fe80::1%eth0]", "fe80::1"}, {"not-an-ip", null}, {"fe80::1", "fe80::1"}, {"10.0.0.1", "10.0.0.1"}};
    for (String[] ipAndWritten : ipsAndWritten) {
      for (String ip : new String[] {ipAndWritten[0], null}) {
        Span decoded = roundTrip(encoder, span(0, 1, 0, 2).localServiceName("svc").localIp(ip)
            .remoteIpAndPort(ip, 80));
        String written = ip == null ? null : ipAndWritten[1];

        assertThat(ip(decoded.localEndpoint())).as("local %s", ip).isEqualTo(written);
        assertThat(ip(decoded.remoteEndpoint())).as("remote %s", ip).isEqualTo(written);
      }
    }
  }

  private static String ip(Endpoint endpoint) {
    if (endpoint == null) return null;
    return endpoint.ipv4() != null ? endpoint.ipv4() : endpoint.ipv6();
  }
}
