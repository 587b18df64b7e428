package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.propagation.HeaderFields;
import dev.meshtrace.propagation.Propagation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshHeadersTest {
  final MeshHeaders extracted = Propagation.defaults().extract(HeaderFields.of(
      "X-B3-TraceId", "463ac35c9f6413ad48485a3953bb6124", "X-B3-SpanId", "a2fb4a1d1a96d312",
      "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "x-request-id", "rid",
      "baggage", "k=v"), HeaderFields.GETTER).meshHeaders();

  @Test
  void keepsFieldsInOrderWithTheirFormats() {
    List<String> names = new ArrayList<>();
    extracted.forEach((name, value) -> names.add(name));

    assertThat(names).containsExactly("x-b3-traceid", "x-b3-spanid", "traceparent", "x-request-id", "baggage");
    assertThat(extracted.formatBit(0)).isEqualTo(dev.meshtrace.propagation.Format.B3_MULTI.bit());
    assertThat(extracted.formatBit(3)).isZero();
    assertThat(extracted.requestId()).isEqualTo("rid");
    assertThat(extracted.verbatimFormats()).as("another trace: forwarded unchanged")
        .isEqualTo(dev.meshtrace.propagation.Format.W3C.bit());
  }

  @Test
  void traceHeadersComeFirstWhateverOrderTheyWereAddedIn() {
    MeshHeaders headers = MeshHeaders.builder().add("x-tenant", "t").add("traceparent", "tp").add("baggage", "b")
        .add("x-b3-sampled", "1").build();

    assertThat(headers.toString()).isEqualTo("MeshHeaders{traceparent=tp, x-b3-sampled=1, x-tenant=t, baggage=b}");
    assertThat(headers.traceFields()).isEqualTo(2);
    assertThat(List.of(headers.formatBit(0), headers.formatBit(1), headers.formatBit(2))).containsExactly(
        dev.meshtrace.propagation.Format.W3C.bit(), dev.meshtrace.propagation.Format.B3_MULTI.bit(), 0);
    assertThat(headers.withRequestId("rid").toString())
        .isEqualTo("MeshHeaders{traceparent=tp, x-b3-sampled=1, x-request-id=rid, x-tenant=t, baggage=b}");
    assertThat(headers.withRequestId("rid").traceFields()).isEqualTo(2);
    assertThat(headers.without("traceparent").traceFields()).isEqualTo(1);
    assertThat(headers.withoutTraceHeaders().toString()).isEqualTo("MeshHeaders{x-tenant=t, baggage=b}");
  }

  @Test
  void withRequestIdReplacesTheOneThere() {
    MeshHeaders replaced = extracted.withRequestId("new");

    assertThat(replaced.requestId()).isEqualTo("new");
    assertThat(replaced.size()).isEqualTo(extracted.size());
    assertThat(replaced.formatsReceived()).isEqualTo(extracted.formatsReceived());
    assertThat(MeshHeaders.EMPTY.withRequestId("r").requestId()).isEqualTo("r");
  }

  @Test
  void valuesThatCouldCorruptAnOutboundHeaderCannotBeAdded() {
    assertThatThrownBy(() -> MeshHeaders.builder().add("x-tenant", "a\r\nx-evil: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-tenant");
    assertThatThrownBy(() -> extracted.withRequestId("id\n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MeshHeaders.builder().add("X-Tenant", "a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower case");
    assertThat(MeshHeaders.builder().add("x-tenant", "a\tb \u00e9").build().get("x-tenant"))
        .isEqualTo("a\tb \u00e9");
  }

  @Test
  void withoutRemovesOneField() {
    assertThat(extracted.without("baggage").get("baggage")).isNull();
    assertThat(extracted.without("baggage").size()).isEqualTo(extracted.size() - 1);
    assertThat(extracted.without("absent")).isSameAs(extracted);
  }

  @Test
  void withoutTraceHeadersKeepsOnlyMeshHeaders() {
    MeshHeaders meshOnly = extracted.withoutTraceHeaders();

    assertThat(meshOnly.toString()).isEqualTo("MeshHeaders{x-request-id=rid, baggage=k=v}");
    assertThat(meshOnly.formatsReceived()).isZero();
    assertThat(meshOnly.verbatimFormats()).isZero();
  }

  @Test
  void equalityIsByContent() {
    MeshHeaders same = MeshHeaders.builder().add("x-request-id", "rid").build();

    assertThat(same).isEqualTo(MeshHeaders.EMPTY.withRequestId("rid")).hasSameHashCodeAs(
        MeshHeaders.EMPTY.withRequestId("rid"));
    assertThat(same).isNotEqualTo(MeshHeaders.EMPTY.withRequestId("other"));
    assertThat(MeshHeaders.builder().build()).isSameAs(MeshHeaders.EMPTY);
  }
}
