package dev.meshtrace.examples.plain;

import dev.meshtrace.Scope;
import dev.meshtrace.Span;
import dev.meshtrace.Tracer;
import dev.meshtrace.Tracing;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import dev.meshtrace.servlet.TracingFilter;
import dev.meshtrace.zipkin.ZipkinSpanHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * meshtrace without Spring, in one main: Jetty serves {@code /hello}, which calls {@code /greeting} through a
 * traced OkHttp client; {@link TracingFilter} gives each request a server span; spans go to Zipkin.
 *
 * <pre>
 * java -cp ... dev.meshtrace.examples.plain.PlainJavaExample [zipkin-endpoint] [--once]
 * </pre>
 */
public final class PlainJavaExample {
  private PlainJavaExample() {}

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    String endpoint = options.stream().filter(arg -> !arg.startsWith("--")).findFirst()
        .orElse(ZipkinSpanHandler.DEFAULT_ENDPOINT);
    run(endpoint, options.contains("--once"));
  }

  /** Serves, sends one traced request and prints its trace; then serves until stopped unless {@code once}. */
  static String run(String zipkinEndpoint, boolean once) throws Exception {
    // Tracing, built in code, reporting to Zipkin. Closing it delivers the spans its reporter still queues.
    ZipkinSpanHandler zipkin = ZipkinSpanHandler.create(zipkinEndpoint);
    try (Tracing tracing = Tracing.newBuilder().serviceName("plain-java").addSpanHandler(zipkin).build()) {
      return serve(tracing, zipkinEndpoint, once);
    }
  }

  private static String serve(Tracing tracing, String zipkinEndpoint, boolean once) throws Exception {
    HttpTracing httpTracing = HttpTracing.create(tracing);

    // An OkHttp client with a client span per call and the trace headers forwarded.
    OkHttpClient http = MeshtraceOkHttp.create(httpTracing).instrument(new OkHttpClient());

    // Jetty, with the filter in front of every servlet.
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(TracingFilter.create(httpTracing));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new HelloServlet(http)), "/hello");
    context.addServlet(new ServletHolder(new GreetingServlet()), "/greeting");
    server.setHandler(context);
    server.start();
    String url = "http://127.0.0.1:" + connector.getLocalPort() + "/hello";

    // One request from a span of our own: the root of the trace.
    Tracer tracer = tracing.tracer();
    Span span = tracer.newTrace().name("say hello").start();
    try (Scope scope = tracer.withSpanInScope(span);
        Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
      System.out.println(url + " answered: " + response.body().string());
    } finally {
      span.finish();
    }
    String traceId = span.context().traceIdString();
    System.out.println("Trace: " + zipkinEndpoint.replace("/api/v2/spans", "/zipkin/traces/") + traceId);

    if (!once) {
      // Ctrl-C ends the JVM without leaving the try block in run: close tracing from a shutdown hook instead.
      Runtime.getRuntime().addShutdownHook(new Thread(tracing::close, "meshtrace-close"));
      System.out.println("Serving " + url + " until Ctrl-C");
      server.join();
    }
    server.stop();
    return traceId;
  }

  /** {@code GET /hello}: asks {@code /greeting} on the same server, through the traced client. */
  static final class HelloServlet extends HttpServlet {
    private final transient OkHttpClient http;

    HelloServlet(OkHttpClient http) {
      this.http = http;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String greetingUrl = "http://127.0.0.1:" + request.getLocalPort() + "/greeting";
      try (Response greeting = http.newCall(new Request.Builder().url(greetingUrl).build()).execute()) {
        response.setContentType("text/plain");
        response.getWriter().write(greeting.body().string() + ", world");
      }
    }
  }

  /** {@code GET /greeting}. */
  static final class GreetingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("Hello");
    }
  }
}
