package dev.meshtrace.spring.webflux;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.http.conformance.HttpServerConformance;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link TracingWebFilter} on Reactor Netty and on servlet-backed WebFlux (Tomcat), held to the server conformance suite. */
@ParameterizedClass
@EnumSource(WebFluxServer.class)
class WebFluxServerConformanceTest extends HttpServerConformance {
  @Parameter WebFluxServer kind;
  @TempDir Path baseDir;
  private WebFluxServer.Running running;

  @Override
  protected URI startServer(HttpTracing httpTracing, URI downstream) throws Exception {
    running = kind.start(WebFluxTestApp.httpHandler(httpTracing, downstream), baseDir);
    return URI.create("http://127.0.0.1:" + running.port() + "/");
  }

  @Override
  protected void stopServer() throws Exception {
    running.stop().stop();
  }
}
