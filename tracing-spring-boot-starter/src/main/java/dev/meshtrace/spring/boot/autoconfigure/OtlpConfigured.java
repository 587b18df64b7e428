package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether OTLP reporting is on: {@code meshtrace.otlp.enabled=true}, or, unless it is false, an OTLP endpoint is
 * configured ({@code meshtrace.otlp.endpoint}, {@code OTEL_EXPORTER_OTLP_ENDPOINT} or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}).
 */
final class OtlpConfigured extends SpringBootCondition {
  static final String ENABLED = "meshtrace.otlp.enabled";

  static boolean isOn(Environment environment) {
    String enabled = environment.getProperty(ENABLED);
    if (enabled != null) return Boolean.parseBoolean(enabled.trim());
    return hasText(environment, "meshtrace.otlp.endpoint") || hasText(environment, "OTEL_EXPORTER_OTLP_ENDPOINT")
        || hasText(environment, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  }

  private static boolean hasText(Environment environment, String name) {
    String value = environment.getProperty(name);
    return value != null && !value.isBlank();
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return isOn(context.getEnvironment())
        ? ConditionOutcome.match("OTLP reporting is enabled or an OTLP endpoint is configured")
        : ConditionOutcome.noMatch("no OTLP endpoint is configured and " + ENABLED + " is not true");
  }
}
