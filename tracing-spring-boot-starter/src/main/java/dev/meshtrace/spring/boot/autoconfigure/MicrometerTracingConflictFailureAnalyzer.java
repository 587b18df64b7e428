package dev.meshtrace.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the Micrometer Tracing conflict as Boot's "APPLICATION FAILED TO START" report instead of a stack trace. */
final class MicrometerTracingConflictFailureAnalyzer
    extends AbstractFailureAnalyzer<MicrometerTracingConflictException> {
  static final String ACTION = "Keep one: remove the Micrometer Tracing bridge (micrometer-tracing-bridge-brave or "
      + "micrometer-tracing-bridge-otel) to use meshtrace, or set meshtrace.enabled=false to use Micrometer Tracing.";

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MicrometerTracingConflictException conflict) {
    String description = "meshtrace and Micrometer Tracing would both trace this application. Bean '"
        + conflict.beanName + "' (" + conflict.tracerType + ") is a working Micrometer Tracing tracer: both would "
        + "start a span for every request and write the trace headers of every outbound call twice.";
    return new FailureAnalysis(description, ACTION, conflict);
  }
}
