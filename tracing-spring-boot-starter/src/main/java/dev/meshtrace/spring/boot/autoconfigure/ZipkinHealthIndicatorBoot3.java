package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** The Zipkin backend's health through Spring Boot 3's health API ({@code org.springframework.boot.actuate}). */
final class ZipkinHealthIndicatorBoot3 extends AbstractHealthIndicator {
  private final ZipkinReporterHealth health;

  ZipkinHealthIndicatorBoot3(ZipkinReporterHealth health) {
    super("Zipkin health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.isFailing() ? builder.down() : builder.up()).withDetails(health.details());
  }
}
