package dev.meshtrace.servlet;

/** {@link TracingFilter} on embedded Tomcat 11. */
class TomcatTracingFilterTest extends ServletContainerTracingTest {
  @Override
  ServletContainer.Kind containerKind() {
    return ServletContainer.Kind.TOMCAT;
  }
}
