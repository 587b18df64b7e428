package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** A reporter's backend health through Spring Boot 4's health API ({@code org.springframework.boot.health}). */
final class ReporterHealthIndicatorBoot4 extends AbstractHealthIndicator {
  private final ReporterHealth health;

  /** @param backend such as {@code Zipkin}, for the message of a failed check */
  ReporterHealthIndicatorBoot4(ReporterHealth health, String backend) {
    super(backend + " health check failed");
    this.health = health;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    (health.isFailing() ? builder.down() : builder.up()).withDetails(health.details());
  }
}
