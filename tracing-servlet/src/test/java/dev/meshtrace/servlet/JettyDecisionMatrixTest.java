package dev.meshtrace.servlet;

/** {@link ServletDecisionMatrixTest} on Jetty 12 (ee10). */
class JettyDecisionMatrixTest extends ServletDecisionMatrixTest {
  @Override
  ServletContainer.Kind containerKind() {
    return ServletContainer.Kind.JETTY;
  }
}
