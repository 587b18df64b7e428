package dev.meshtrace.reliability;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The service under test, shaped like Bookinfo's {@code reviews}: {@code GET /reviews/{id}} calls
 * {@code GET /ratings/{id}} on itself through the application's RestClient, so each request finishes three spans
 * (two server spans, one client span), or on {@code ratings.url} when that property is set. Tracing comes from the starter alone. No component scan: the other
 * services of this package are not part of it. Its RestClient sends through the JDK's client.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RestController
public class ReviewsApp {
  /** Spans one request finishes. */
  static final int SPANS_PER_REQUEST = 3;

  private final RestClient ratings;
  private final Environment environment;

  ReviewsApp(RestClient.Builder builder, Environment environment) {
    this.ratings = builder.build();
    this.environment = environment;
  }

  @GetMapping("/reviews/{id}")
  String reviews(@PathVariable("id") String id) {
    String ratingsUrl = environment.getProperty("ratings.url",
        "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/ratings");
    return "reviews of " + id + ": " + ratings.get().uri(ratingsUrl + "/{id}", id).retrieve().body(String.class);
  }

  /** The same call, with credentials in the downstream URL, which must never reach a backend. */
  @GetMapping("/reviews-as-alice/{id}")
  String reviewsAsAlice(@PathVariable("id") String id) {
    String port = environment.getProperty("local.server.port");
    return "reviews of " + id + ": " + ratings.get()
        .uri("http://alice:s3cr3t-password@127.0.0.1:{port}/ratings/{id}", port, id).retrieve().body(String.class);
  }

  @GetMapping("/ratings/{id}")
  String ratings(@PathVariable("id") String id) {
    return "5 stars";
  }

  /** Starts the service on a free port with {@code properties} (Spring property names). */
  static ConfigurableApplicationContext start(Map<String, Object> properties) {
    SpringApplication application = new SpringApplication(ReviewsApp.class);
    application.setDefaultProperties(Map.of("server.port", "0", "spring.main.banner-mode", "off",
        "spring.application.name", "reviews", "spring.http.clients.imperative.factory", "jdk"));
    return application.run(properties.entrySet().stream()
        .map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new));
  }
}
