package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.Tracing;
import dev.meshtrace.propagation.Format;
import dev.meshtrace.propagation.Propagation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Enum-like properties take the documented names and their aliases, and a wrong one lists the valid ones. */
class PropertyNamesTest {
  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MeshtraceAutoConfiguration.class));

  @Test
  void formatsTakeOpenTelemetrysNamesAndAnySpelling() {
    runner.withPropertyValues("meshtrace.propagation.inject=b3_multi,tracecontext",
        "meshtrace.propagation.extract=TraceContext,b3-single").run(context -> {
          Propagation propagation = context.getBean(Propagation.class);
          assertThat(propagation.injectFormats()).containsExactly(Format.B3_MULTI, Format.W3C);
          assertThat(propagation.extractFormats()).containsExactly(Format.W3C, Format.B3);
        });
  }

  @Test
  void modeTakesForwardOnly() {
    runner.withPropertyValues("meshtrace.mode=forward-only")
        .run(context -> assertThat(context.getBean(Tracing.class).mode()).isEqualTo(Mode.FORWARD));
    runner.withPropertyValues("meshtrace.mode=RECORD")
        .run(context -> assertThat(context.getBean(Tracing.class).mode()).isEqualTo(Mode.RECORD));
  }

  @Test
  void aWrongFormatNamesThePropertyAndListsTheValidValues() {
    runner.withPropertyValues("meshtrace.propagation.inject=b3multi,jaeger")
        .run(context -> assertThat(StartupFailures.messages(context))
            .contains("meshtrace.propagation.inject")
            .contains("Unknown propagation format 'jaeger': expected one of b3, b3multi, w3c")
            .doesNotContain("No enum constant"));
  }

  @Test
  void aWrongModeNamesThePropertyAndListsTheValidValues() {
    runner.withPropertyValues("meshtrace.mode=record-all")
        .run(context -> assertThat(StartupFailures.messages(context))
            .contains("meshtrace.mode")
            .contains("Unknown mode 'record-all': expected record or forward (also accepted: forward-only)"));
  }
}
