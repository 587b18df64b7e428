package dev.meshtrace.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class LogCorrelationEnvironmentPostProcessorTest {
  final LogCorrelationEnvironmentPostProcessor processor = new LogCorrelationEnvironmentPostProcessor();

  @Test
  void defaultPatternShowsTraceSpanAndRequestIds() {
    StandardEnvironment environment = new StandardEnvironment();
    processor.postProcessEnvironment(environment, new SpringApplication());
    assertThat(environment.getProperty("logging.pattern.correlation"))
        .isEqualTo("%correlationId{traceId(32),spanId(16),requestId(36)}");
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
