package dev.meshtrace.examples.bookinfo.reviews;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshtrace.examples.bookinfo.DownstreamUrls;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Calls {@code {bookinfo.ratings-url}/ratings/{id}} with the JDK's {@link HttpClient}, or {@code ratings}' gRPC
 * method when {@code bookinfo.ratings-grpc-target} is set.
 */
@Component
class RatingsClient {
  private static final Logger LOG = LoggerFactory.getLogger(RatingsClient.class);

  private record Ratings(int id, Map<String, Integer> ratings) {}

  private final HttpClient httpClient;
  private final ObjectMapper json;
  private final String ratingsUrl;
  private final RatingsGrpcClient grpc;

  RatingsClient(HttpClient httpClient, ObjectMapper json, Environment environment,
      ObjectProvider<RatingsGrpcClient> grpc) {
    this.httpClient = httpClient;
    this.json = json;
    this.grpc = grpc.getIfAvailable();
    this.ratingsUrl = this.grpc != null ? null : DownstreamUrls.required(environment, "bookinfo.ratings-url");
  }

  /** Stars by reviewer, or empty when {@code ratings} cannot answer. */
  Optional<Map<String, Integer>> starsByReviewer(int productId) {
    if (grpc != null) {
      try {
        return Optional.ofNullable(json.readValue(grpc.ratings(productId), Ratings.class).ratings());
      } catch (StatusRuntimeException | IOException e) {
        LOG.warn("Ratings of product {} unavailable over gRPC: {}", productId, e.toString());
        return Optional.empty();
      }
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(ratingsUrl + "/ratings/" + productId))
        .timeout(Duration.ofSeconds(3)).GET().build();
    try {
      HttpResponse<InputStream> response = httpClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() / 100 != 2) {
          LOG.warn("Ratings of product {} unavailable: HTTP {}", productId, response.statusCode());
          return Optional.empty();
        }
        return Optional.ofNullable(json.readValue(body, Ratings.class).ratings());
      }
    } catch (IOException e) {
      LOG.warn("Ratings of product {} unavailable: {}", productId, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
