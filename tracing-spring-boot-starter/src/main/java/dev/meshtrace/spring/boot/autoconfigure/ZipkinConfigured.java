package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether Zipkin reporting is on: as {@code meshtrace.zipkin.enabled} says; unset, on unless OTLP reporting is on
 * and nothing of Zipkin's was configured ({@code meshtrace.zipkin.endpoint}, {@code meshtrace.zipkin.sender=kafka}),
 * so that an application configured for OTLP alone does not also post to a Zipkin on localhost.
 */
final class ZipkinConfigured extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment environment = context.getEnvironment();
    String enabled = environment.getProperty("meshtrace.zipkin.enabled");
    if (enabled != null) {
      return Boolean.parseBoolean(enabled.trim())
          ? ConditionOutcome.match("meshtrace.zipkin.enabled is true")
          : ConditionOutcome.noMatch("meshtrace.zipkin.enabled is false");
    }
    if (OtlpConfigured.isOn(environment) && environment.getProperty("meshtrace.zipkin.endpoint") == null
        && !"kafka".equalsIgnoreCase(environment.getProperty("meshtrace.zipkin.sender", "").trim())) {
      return ConditionOutcome.noMatch("OTLP reporting is on and no Zipkin endpoint or Kafka sender is configured");
    }
    return ConditionOutcome.match("Zipkin reporting is on by default");
  }
}
