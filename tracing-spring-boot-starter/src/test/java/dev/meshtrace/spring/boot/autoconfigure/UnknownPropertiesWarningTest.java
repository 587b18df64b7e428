package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A misspelt meshtrace key is not silently ignored: one WARN names it and the property it probably meant. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesWarningTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class));

  @Test
  void aMisspeltKeyIsNamedWithTheClosestProperty(CapturedOutput output) {
    runner.withPropertyValues("meshtrace.sampling.probabilty=0.1", "meshtrace.zipkin.endpiont=http://zipkin:9411")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(output).containsOnlyOnce("Unknown meshtrace properties, ignored: "
        + "meshtrace.sampling.probabilty (did you mean meshtrace.sampling.probability?), "
        + "meshtrace.zipkin.endpiont (did you mean meshtrace.zipkin.endpoint?)");
  }

  @Test
  void environmentVariablesAreCheckedByTheNameTheyBindTo(CapturedOutput output) {
    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
        new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("MESHTRACE_SAMPLING_PROBABILTY", "0.1",
            "MESHTRACE_SAMPLING_PROBABILITY", "0.2"))))
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(output).contains("meshtrace.sampling.probabilty (did you mean meshtrace.sampling.probability?)")
        .doesNotContain("meshtrace.sampling.probability (did you mean");
  }

  @Test
  void knownKeysInEveryFormWarnOfNothing(CapturedOutput output) {
    runner.withPropertyValues("meshtrace.sampling.probability=0.1", "meshtrace.propagation.inject[0]=b3",
        "meshtrace.propagation.inject[1]=w3c", "meshtrace.http.server.skip-paths=/a/**,/b",
        "meshtrace.zipkin.flushInterval=2s", "meshtrace.log-correlation.enabled=true")
        .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
            new MapPropertySource("other", Map.of("meshtraceish.key", "1", "spring.application.name", "books"))))
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(output).doesNotContain("Unknown meshtrace properties");
  }
}
