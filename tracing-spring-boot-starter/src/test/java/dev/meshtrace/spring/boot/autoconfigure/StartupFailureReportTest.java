package dev.meshtrace.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** meshtrace's startup failures read as Boot's failure report: a description and an action, no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

  @Test
  void micrometerTracingConflict(CapturedOutput output) {
    SpringApplicationBuilder application = new SpringApplicationBuilder(ConflictingApplication.class)
        .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off");

    assertThatThrownBy(application::run).isInstanceOf(MicrometerTracingConflictException.class);

    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .containsPattern("Description:\\s+meshtrace and Micrometer Tracing would both trace this application\\. "
            + "Bean 'micrometerTracer'")
        .containsPattern("Action:\\s+Keep one: remove the Micrometer Tracing bridge")
        .contains("meshtrace.enabled=false");
  }

  @Test
  void aBadPropertyValue(CapturedOutput output) {
    SpringApplicationBuilder application = new SpringApplicationBuilder(PlainApplication.class)
        .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off",
            "meshtrace.propagation.inject=b3multi,jaeger");

    assertThatThrownBy(application::run).isNotNull();

    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("meshtrace.propagation.inject")
        .contains("Unknown propagation format 'jaeger': expected one of b3, b3multi, w3c");
  }

  @Configuration(proxyBeanMethods = false)
  @Import({MeshtraceAutoConfiguration.class, MicrometerTracingGuardTest.WorkingMicrometerTracer.class})
  static class ConflictingApplication {}

  @Configuration(proxyBeanMethods = false)
  @Import(MeshtraceAutoConfiguration.class)
  static class PlainApplication {}
}
