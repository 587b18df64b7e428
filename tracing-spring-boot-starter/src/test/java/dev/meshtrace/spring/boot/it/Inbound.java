package dev.meshtrace.spring.boot.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends requests to the application over loopback, as a sidecar would. */
final class Inbound {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Inbound() {}

  /** GET {@code path} with the given header names and values; the response. */
  static HttpResponse<String> get(int port, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
    if (headers.length > 0) request.headers(headers);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
