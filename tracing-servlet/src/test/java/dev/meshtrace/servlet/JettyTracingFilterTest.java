package dev.meshtrace.servlet;

import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** {@link TracingFilter} on Jetty 12 (ee10). */
class JettyTracingFilterTest extends ServletContainerTracingTest {
  private Server server;

  @Override
  protected int start(TestServletApp app) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
    context.addServletContainerInitializer(app);
    ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
    errorPages.addErrorPage(404, TestServletApp.NOT_FOUND_PAGE);
    context.setErrorHandler(errorPages);
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  @Override
  protected void stop() throws Exception {
    server.stop();
  }
}
