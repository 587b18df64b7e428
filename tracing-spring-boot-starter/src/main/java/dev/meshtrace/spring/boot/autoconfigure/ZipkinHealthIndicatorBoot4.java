package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The Zipkin backend's health through Spring Boot 4's health API ({@code org.springframework.boot.health}). */
final class ZipkinHealthIndicatorBoot4 extends AbstractHealthIndicator {
  private final ZipkinReporterHealth health;

  ZipkinHealthIndicatorBoot4(ZipkinReporterHealth health) {
    super("Zipkin health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.isFailing() ? builder.down() : builder.up()).withDetails(health.details());
  }
}
