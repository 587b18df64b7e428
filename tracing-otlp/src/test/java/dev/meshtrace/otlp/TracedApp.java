package dev.meshtrace.otlp;

import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import dev.meshtrace.servlet.TracingFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/**
 * A real traced service: Jetty with meshtrace's servlet filter, serving {@code GET /reviews/{id}} by calling
 * {@code GET /ratings/{id}} on itself through a traced OkHttp client, then answering 503 (the ratings call answers
 * 200). Each inbound request thus records a server span, a client span and the ratings server span.
 */
final class TracedApp implements AutoCloseable {
  private static final HttpClient CALLER = HttpClient.newHttpClient();

  private final Server server;
  private final OkHttpClient client;

  TracedApp(Tracing tracing) throws Exception {
    HttpTracing httpTracing = HttpTracing.newBuilder(tracing).stripQuery(false)
        .requestHeaderTags(List.of("user-agent")).build();
    client = MeshtraceOkHttp.create(httpTracing).instrument(new OkHttpClient());
    server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    ServletContextHandler context = new ServletContextHandler();
    context.addEventListener(new jakarta.servlet.ServletContextListener() {
      @Override
      public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
        TracingFilter.create(httpTracing).addTo(event.getServletContext());
      }
    });
    context.addServlet(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getPathInfo().substring(1);
        request.setAttribute(TracingFilter.ROUTE_ATTRIBUTE, "/reviews/{id}");
        try (Response ratings = client.newCall(new Request.Builder()
            .url("http://127.0.0.1:" + port() + "/ratings/" + id).build()).execute()) {
          ratings.body().string();
        }
        response.setStatus(503);
      }
    }, "/reviews/*");
    context.addServlet(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(TracingFilter.ROUTE_ATTRIBUTE, "/ratings/{id}");
        response.getWriter().write("5");
      }
    }, "/ratings/*");
    server.setHandler(context);
    server.start();
  }

  int port() {
    return ((org.eclipse.jetty.server.ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Sends {@code GET path} with {@code headers} from a plain (untraced) JDK client; returns the status. */
  int get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path));
    headers.forEach(request::header);
    return CALLER.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
