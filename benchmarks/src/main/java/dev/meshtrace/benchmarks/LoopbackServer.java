package dev.meshtrace.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * A real Jetty 12 (ee10) on a free loopback port, one servlet context per path, each answering {@code GET
 * <path>/items} with {@code ok}, behind the filter given for that path (or none).
 */
final class LoopbackServer {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  /** A server answering {@code /plain/items} with no filter: the peer of the client comparisons. */
  static LoopbackServer plain() throws Exception {
    return new LoopbackServer(Collections.singletonMap("/plain", null));
  }

  /** Starts the server; {@code filters} maps each context path to its filter, or to null for none. */
  LoopbackServer(Map<String, Filter> filters) throws Exception {
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ContextHandlerCollection contexts = new ContextHandlerCollection();
    filters.forEach((path, filter) -> contexts.addHandler(context(path, filter)));
    server.setHandler(contexts);
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  void stop() throws Exception {
    server.stop();
  }

  private static ServletContextHandler context(String path, Filter filter) {
    ServletContextHandler context = new ServletContextHandler(path);
    context.addServlet(new ServletHolder(new OkServlet()), "/items");
    if (filter != null) context.addFilter(new FilterHolder(filter), "/*", EnumSet.allOf(DispatcherType.class));
    return context;
  }

  /** Answers every GET with {@code ok}. */
  static final class OkServlet extends HttpServlet {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.setContentLength(OK.length);
      response.getOutputStream().write(OK);
    }
  }
}
