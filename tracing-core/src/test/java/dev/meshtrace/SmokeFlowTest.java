package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.propagation.MapCarrier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeFlowTest {
  final InMemorySpanCollector spans = new InMemorySpanCollector();
  final Tracing tracing = Tracing.newBuilder().serviceName("reviews").addSpanHandler(spans).build();

  @Test
  void serverSpanFromB3BecomesParentOfOutboundHeaders() {
    Map<String, String> inbound = new HashMap<>();
    inbound.put("X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124");
    inbound.put("X-B3-SpanId", "a2fb4a1d1a96d312");
    inbound.put("X-B3-Sampled", "1");
    inbound.put("x-request-id", "f47ac10b-58cc-4372-a567-0e02b2c3d479");
    TraceContext extracted = tracing.propagation().extract(inbound, MapCarrier.GETTER);

    Span server = tracing.tracer().serverSpan(extracted, tracing.sampler()).name("get").start();
    Map<String, String> outbound = new HashMap<>();
    try (Scope scope = tracing.tracer().withSpanInScope(server)) {
      Span client = tracing.tracer().nextSpan().kind(SpanKind.CLIENT).name("get").start();
      tracing.propagation().inject(client.context(), outbound, MapCarrier.SETTER);
      client.finish();
    }
    server.finish();

    assertThat(spans.spans()).hasSize(2);
    MutableSpan serverData = spans.onlySpan(SpanKind.SERVER);
    assertThat(serverData.traceIdString()).isEqualTo("463ac35c9f6413ad48485a3953bb6124");
    assertThat(serverData.parentIdString()).isEqualTo("a2fb4a1d1a96d312");
    MutableSpan clientData = spans.onlySpan(SpanKind.CLIENT);
    assertThat(clientData.parentId()).isEqualTo(serverData.spanId());
    assertThat(outbound)
        .containsEntry("x-b3-traceid", "463ac35c9f6413ad48485a3953bb6124")
        .containsEntry("x-b3-spanid", clientData.spanIdString())
        .containsEntry("x-b3-parentspanid", serverData.spanIdString())
        .containsEntry("x-b3-sampled", "1")
        .containsEntry("traceparent", "00-463ac35c9f6413ad48485a3953bb6124-" + clientData.spanIdString() + "-01")
        .containsEntry("x-request-id", "f47ac10b-58cc-4372-a567-0e02b2c3d479");
  }
}
