package dev.meshtrace.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.junit.jupiter.api.io.TempDir;

/** {@link TracingFilter} on embedded Tomcat 11. */
class TomcatTracingFilterTest extends ServletContainerTracingTest {
  @TempDir
  Path baseDir;
  private Tomcat tomcat;

  @Override
  protected int start(TestServletApp app) throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Path docBase = Files.createDirectories(baseDir.resolve("docs"));
    StandardContext context = (StandardContext) tomcat.addContext(CONTEXT_PATH, docBase.toString());
    // the leak checks that need --add-opens would only warn on every stop
    context.setClearReferencesThreadLocals(false);
    context.setClearReferencesRmiTargets(false);
    context.addServletContainerInitializer(app, null);
    ErrorPage notFound = new ErrorPage();
    notFound.setErrorCode(404);
    notFound.setLocation(TestServletApp.NOT_FOUND_PAGE);
    context.addErrorPage(notFound);
    tomcat.start();
    return connector.getLocalPort();
  }

  @Override
  protected void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
