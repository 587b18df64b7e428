package dev.meshtrace.benchmarks.requestpath;

import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The measured service, shaped like Bookinfo's {@code reviews}: {@code GET /reviews/{id}} calls
 * {@code ratings.url}{@code /ratings/{id}} once with the application's {@link RestClient} and answers the reviews with
 * the rating as JSON. It has no tracing code: whatever traces it is on the class path of the app module that starts
 * it. {@code GET /bench/allocated} answers the bytes allocated so far by the whole JVM ({@link AllocatedBytes}), read
 * by the harness between its phases.
 */
@SpringBootApplication(proxyBeanMethods = false)
@RestController
public class ReviewsService {
  private static final List<Map<String, String>> REVIEWS = List.of(
      Map.of("reviewer", "Reviewer1", "text", "An extremely entertaining play by Shakespeare. The slapstick humour "
          + "is refreshing!"),
      Map.of("reviewer", "Reviewer2", "text", "Absolutely fun and entertaining. The play lacks thematic depth when "
          + "compared to other plays by Shakespeare."));

  private static final AllocatedBytes ALLOCATED = AllocatedBytes.start();

  private final RestClient ratings;

  ReviewsService(RestClient.Builder restClient, @Value("${ratings.url}") String ratingsUrl) {
    this.ratings = restClient.baseUrl(ratingsUrl).build();
  }

  @GetMapping("/reviews/{id}")
  Map<String, Object> reviews(@PathVariable("id") int id) {
    String rating = ratings.get().uri("/ratings/{id}", id).retrieve().body(String.class);
    return Map.of("id", id, "reviews", REVIEWS, "rating", rating);
  }

  @GetMapping("/bench/allocated")
  long allocated() {
    return ALLOCATED.total();
  }

  public static void main(String[] args) {
    SpringApplication.run(ReviewsService.class, args);
  }
}
