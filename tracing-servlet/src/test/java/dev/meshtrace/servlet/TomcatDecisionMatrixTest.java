package dev.meshtrace.servlet;

/** {@link ServletDecisionMatrixTest} on embedded Tomcat 11. */
class TomcatDecisionMatrixTest extends ServletDecisionMatrixTest {
  @Override
  ServletContainer.Kind containerKind() {
    return ServletContainer.Kind.TOMCAT;
  }
}
