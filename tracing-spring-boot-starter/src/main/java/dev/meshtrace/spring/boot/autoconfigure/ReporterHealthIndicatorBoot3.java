package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/** A reporter's backend health through Spring Boot 3's health API ({@code org.springframework.boot.actuate}). */
final class ReporterHealthIndicatorBoot3 extends AbstractHealthIndicator {
  private final ReporterHealth health;

  /** @param backend such as {@code Zipkin}, for the message of a failed check */
  ReporterHealthIndicatorBoot3(ReporterHealth health, String backend) {
    super(backend + " health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.isFailing() ? builder.down() : builder.up()).withDetails(health.details());
  }
}
