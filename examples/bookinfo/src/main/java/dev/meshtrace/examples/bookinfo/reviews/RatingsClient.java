package dev.meshtrace.examples.bookinfo.reviews;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshtrace.examples.bookinfo.DownstreamUrls;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Calls {@code {bookinfo.ratings-url}/ratings/{id}} with OkHttp, or {@code ratings}' gRPC method when
 * {@code bookinfo.ratings-grpc-target} is set.
 */
@Component
class RatingsClient {
  private static final Logger LOG = LoggerFactory.getLogger(RatingsClient.class);

  private record Ratings(int id, Map<String, Integer> ratings) {}

  private final OkHttpClient httpClient;
  private final ObjectMapper json;
  private final String ratingsUrl;
  private final RatingsGrpcClient grpc;

  RatingsClient(OkHttpClient httpClient, ObjectMapper json, Environment environment,
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
    Request request = new Request.Builder().url(ratingsUrl + "/ratings/" + productId).get().build();
    try (Response response = httpClient.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful() || body == null) {
        LOG.warn("Ratings of product {} unavailable: HTTP {}", productId, response.code());
        return Optional.empty();
      }
      return Optional.ofNullable(json.readValue(body.byteStream(), Ratings.class).ratings());
    } catch (IOException e) {
      LOG.warn("Ratings of product {} unavailable: {}", productId, e.toString());
      return Optional.empty();
    }
  }
}
