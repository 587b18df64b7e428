package dev.meshtrace.spring.boot.it;

import dev.meshtrace.Tracer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A service with no tracing code that calls itself: {@code /front} calls {@code /back} through a {@code RestClient}
 * from Boot's builder and answers with what {@code /back} saw (the trace ID and request ID that reached it, and the
 * trace ID current while it ran), so a test can tell whether any request's call carried another request's IDs.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(VirtualThreadsApplication.Calls.class)
public class VirtualThreadsApplication {

  @RestController
  static class Calls {
    private final RestClient client;
    private final Environment environment;
    private final Tracer tracer;

    Calls(RestClient.Builder builder, Environment environment, Tracer tracer) {
      this.client = builder.build();
      this.environment = environment;
      this.tracer = tracer;
    }

    @GetMapping("/front")
    String front() {
      String port = environment.getProperty("local.server.port");
      return client.get().uri("http://127.0.0.1:" + port + "/back").retrieve().body(String.class);
    }

    @GetMapping("/back")
    String back(@RequestHeader("x-b3-traceid") String traceId, @RequestHeader("x-request-id") String requestId) {
      return traceId + "," + requestId + "," + tracer.currentContext().traceIdString();
    }
  }
}
