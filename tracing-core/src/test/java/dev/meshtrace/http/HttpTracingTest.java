package dev.meshtrace.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshtrace.Tracing;
import dev.meshtrace.handler.RedactingSpanHandler;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpTracingTest {
  final Tracing tracing = Tracing.newBuilder().serviceName("books").build();

  @Test
  void defaults() {
    HttpTracing http = HttpTracing.create(tracing);

    assertThat(http.stripQuery()).isTrue();
    assertThat(http.trustInboundContext()).isTrue();
    assertThat(http.requestHeaderTags()).isEmpty();
    assertThat(http.responseHeaderTags()).isEmpty();
    assertThat(http.pathRules()).extracting(PathRule::toString)
        .containsExactly("skip:/actuator/**", "skip:/health", "skip:/healthz", "skip:/livez", "skip:/readyz");
  }

  @Test
  void headerNamesToTagAreNormalisedAndCredentialsLeftOut() {
    HttpTracing http = HttpTracing.newBuilder(tracing)
        .requestHeaderTags(List.of(" X-Tenant-Id ", "x-tenant-id", "Authorization", "Proxy-Authorization", "Cookie"))
        .responseHeaderTags(List.of("Content-Type", "SET-COOKIE"))
        .build();

    assertThat(http.requestHeaderTags()).containsExactly("x-tenant-id");
    assertThat(http.responseHeaderTags()).containsExactly("content-type");
  }

  @Test
  void badValuesAreRejectedNamingTheValue() {
    HttpTracing.Builder builder = HttpTracing.newBuilder(tracing);

    assertThatThrownBy(() -> builder.requestHeaderTags(List.of("x tenant")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x tenant'");
    assertThatThrownBy(() -> builder.responseHeaderTags(List.of(" "))).hasMessageContaining("' '");
    assertThatThrownBy(() -> builder.forcedTracesPerSecond(-1))
        .hasMessageContaining("forcedTracesPerSecond").hasMessageContaining("-1");
    assertThatThrownBy(() -> builder.forcedTracesPerSecond(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> RedactingSpanHandler.create(List.of("token=[a-z", "ok"), "***"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'token=[a-z'");
  }
}
