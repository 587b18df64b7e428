package dev.meshtrace.spring.boot.it;

import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The routes of the server conformance suite as a Spring MVC application with the starter. Its downstream calls
 * write the current context's headers themselves (no client span), so the suite sees the server span's own at the
 * next hop; {@code /async-downstream} returns a {@code Callable}, which Spring MVC runs on Boot's task executor.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ConformanceApplication.Routes.class)
public class ConformanceApplication {

  @RestController
  static class Routes {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Tracing tracing;
    private final URI downstream;

    Routes(Tracing tracing, @Value("${downstream.url}") URI downstream) {
      this.tracing = tracing;
      this.downstream = downstream;
    }

    @GetMapping("/hello")
    String hello() {
      return "hello";
    }

    @GetMapping("/status/{code}")
    ResponseEntity<String> status(@PathVariable("code") int code) {
      return ResponseEntity.status(code).body("status " + code);
    }

    @GetMapping("/fail")
    String fail() {
      throw new IllegalStateException("boom");
    }

    @GetMapping("/downstream")
    String downstream() throws Exception {
      return "downstream " + callDownstream();
    }

    @GetMapping("/async-downstream")
    Callable<ResponseEntity<String>> asyncDownstream() {
      return () -> ResponseEntity.accepted().body("downstream " + callDownstream());
    }

    private int callDownstream() throws Exception {
      HttpRequest.Builder outbound = HttpRequest.newBuilder(downstream);
      TraceContext current = tracing.tracer().currentContext();
      if (current != null) tracing.propagation().inject(current, outbound, HttpRequest.Builder::setHeader);
      return client.send(outbound.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
