package dev.meshtrace.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.CorrelationIdFormatter;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LogCorrelationEnvironmentPostProcessorTest {
  final LogCorrelationEnvironmentPostProcessor processor = new LogCorrelationEnvironmentPostProcessor();

  @Test
  void defaultPatternShowsTraceAndSpanIdsAsBootDoesWithMicrometerTracing() {
    StandardEnvironment environment = new StandardEnvironment();
    processor.postProcessEnvironment(environment, new SpringApplication());
    String pattern = environment.getProperty("logging.pattern.correlation");
    assertThat(pattern).isEqualTo("%correlationId{traceId(32),spanId(16)}");

    CorrelationIdFormatter ours = CorrelationIdFormatter.of(pattern.substring(15, pattern.length() - 1));
    Map<String, String> mdc = Map.of("traceId", "463ac35c9f6413ad48485a3953bb6124", "spanId", "a2fb4a1d1a96d312",
        "requestId", "f47ac10b-58cc-4372-a567-0e02b2c3d479");
    assertThat(ours.format(name -> null)).as("outside a request: Boot's own blank field")
        .isEqualTo(CorrelationIdFormatter.DEFAULT.format(name -> null));
    assertThat(ours.format(mdc::get)).isEqualTo("[463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312] ");
  }

  @Test
  void theDocumentedPatternAddsTheRequestId() {
    String pattern = LogCorrelationEnvironmentPostProcessor.WITH_REQUEST_ID;
    CorrelationIdFormatter withRequestId = CorrelationIdFormatter.of(pattern.substring(15, pattern.length() - 1));
    Map<String, String> mdc = Map.of("traceId", "463ac35c9f6413ad48485a3953bb6124", "spanId", "a2fb4a1d1a96d312",
        "requestId", "f47ac10b-58cc-4372-a567-0e02b2c3d479");

    assertThat(withRequestId.format(mdc::get))
        .isEqualTo("[463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-f47ac10b-58cc-4372-a567-0e02b2c3d479] ");
  }

  @Test
  void applicationsOwnPatternWins() {
    StandardEnvironment environment = withProperties(Map.of("logging.pattern.correlation", "[%X{traceId}] "));
    processor.postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty("logging.pattern.correlation")).isEqualTo("[%X{traceId}] ");
  }

  @Test
  void nothingWhenDisabled() {
    for (String off : new String[] {"meshtrace.enabled", "meshtrace.log-correlation.enabled"}) {
      StandardEnvironment environment = withProperties(Map.of(off, "false"));
      processor.postProcessEnvironment(environment, new SpringApplication());
      assertThat(environment.getProperty("logging.pattern.correlation")).as(off).isNull();
    }
  }

  static StandardEnvironment withProperties(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return environment;
  }
}
