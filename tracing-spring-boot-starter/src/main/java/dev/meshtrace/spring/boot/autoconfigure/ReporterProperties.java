package dev.meshtrace.spring.boot.autoconfigure;

import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.applyIfSet;
import static dev.meshtrace.spring.boot.autoconfigure.PropertyCheck.get;

import dev.meshtrace.reporting.ReporterSettings;
import dev.meshtrace.reporting.RetryPolicy;
import dev.meshtrace.spring.boot.MeshtraceProperties;

/** Applies the settings both reporters share ({@code meshtrace.zipkin.*}, {@code meshtrace.otlp.*}). */
final class ReporterProperties {
  private ReporterProperties() {}

  static void apply(String prefix, MeshtraceProperties.Reporter properties, ReporterSettings<?> builder) {
    applyIfSet(prefix + ".queued-max-spans", properties.getQueuedMaxSpans(), builder::queuedMaxSpans);
    applyIfSet(prefix + ".message-max-bytes", properties.getMessageMaxBytes(), builder::messageMaxBytes);
    applyIfSet(prefix + ".flush-interval", properties.getFlushInterval(), builder::flushInterval);
    applyIfSet(prefix + ".close-timeout", properties.getCloseTimeout(), builder::closeTimeout);
    MeshtraceProperties.Retry retry = properties.getRetry();
    if (retry.getMaxAttempts() != null || retry.getInitialBackoff() != null || retry.getMaxBackoff() != null
        || retry.getMultiplier() != null) {
      RetryPolicy defaults = RetryPolicy.DEFAULT;
      builder.retry(get(prefix + ".retry", retry.getMaxAttempts() + ", " + retry.getInitialBackoff() + ", "
          + retry.getMaxBackoff() + ", " + retry.getMultiplier(), () -> new RetryPolicy(
              retry.getMaxAttempts() != null ? retry.getMaxAttempts() : defaults.maxAttempts(),
              retry.getInitialBackoff() != null ? retry.getInitialBackoff() : defaults.initialBackoff(),
              retry.getMaxBackoff() != null ? retry.getMaxBackoff() : defaults.maxBackoff(),
              retry.getMultiplier() != null ? retry.getMultiplier() : defaults.multiplier())));
    }
  }
}
