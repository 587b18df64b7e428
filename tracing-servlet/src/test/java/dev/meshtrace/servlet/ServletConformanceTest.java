package dev.meshtrace.servlet;

import dev.meshtrace.TraceContext;
import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpServerConformance;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TracingFilter} in {@link TestServletApp} on Jetty 12 and Tomcat 11, held to the server conformance suite. */
@ParameterizedClass
@EnumSource(ServletContainer.Kind.class)
class ServletConformanceTest extends HttpServerConformance {
  @Parameter ServletContainer.Kind kind;
  @TempDir Path baseDir;
  private ServletContainer container;
  private TestServletApp app;

  @Override
  protected URI startServer(HttpTracing httpTracing, URI downstream) throws Exception {
    container = kind.create(baseDir);
    app = new TestServletApp(TracingFilter.newBuilder(httpTracing).build(), httpTracing.tracing(), downstream);
    int port = container.start(app);
    return URI.create("http://127.0.0.1:" + port + ServletContainer.CONTEXT_PATH + "/");
  }

  @Override
  protected void stopServer() throws Exception {
    app.close();
    container.stop();
  }

  @Override
  protected List<TraceContext> contextsBeforeTracing() {
    return app.contextsOutsideFilter;
  }
}
