package dev.meshtrace.spring.boot.autoconfigure;

/** Thrown at startup when Micrometer Tracing has a working tracer besides meshtrace; see {@link MicrometerTracingGuard}. */
final class MicrometerTracingConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  final String beanName;
  final String tracerType;

  MicrometerTracingConflictException(String beanName, String tracerType) {
    super("meshtrace and Micrometer Tracing would both trace this application: bean '" + beanName + "' ("
        + tracerType + ") is a Micrometer Tracing tracer. " + MicrometerTracingConflictFailureAnalyzer.ACTION);
    this.beanName = beanName;
    this.tracerType = tracerType;
  }
}
