package dev.meshtrace.examples.bookinfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Bookinfo services started in the test's JVM, the way {@code bookinfo.jar --bookinfo.service=NAME} starts one. */
final class RunningServices implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  /** Starts {@code service} on a free port with {@code options} on its command line; returns its base URL. */
  String start(BookinfoService service, Map<String, String> options) {
    return "http://127.0.0.1:" + startContext(service, options).getEnvironment().getProperty("local.server.port");
  }

  /** Like {@link #start}, returning the service's application context. */
  ConfigurableApplicationContext startContext(BookinfoService service, Map<String, String> options) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--meshtrace.zipkin.enabled=false"));
    options.forEach((name, value) -> args.add("--" + name + "=" + value));
    SpringApplication application = new SpringApplication(service.configuration());
    application.setDefaultProperties(service.defaultProperties());
    ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
    contexts.add(context);
    return context;
  }

  /** A GET answered with JSON. */
  record Answer(int status, JsonNode body) {}

  static Answer get(String url) {
    try {
      HttpResponse<String> response =
          HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A loopback URL where nothing listens: the port was free a moment ago. */
  static String deadUrl() {
    return "http://127.0.0.1:" + BookinfoJar.freePort();
  }

  @Override
  public void close() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }
}
