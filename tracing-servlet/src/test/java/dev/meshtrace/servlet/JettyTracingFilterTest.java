package dev.meshtrace.servlet;

/** {@link TracingFilter} on Jetty 12 (ee10). */
class JettyTracingFilterTest extends ServletContainerTracingTest {
  @Override
  ServletContainer.Kind containerKind() {
    return ServletContainer.Kind.JETTY;
  }
}
