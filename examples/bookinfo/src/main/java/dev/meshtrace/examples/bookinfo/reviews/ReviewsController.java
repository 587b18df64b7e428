package dev.meshtrace.examples.bookinfo.reviews;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.meshtrace.Tracing;
import dev.meshtrace.examples.bookinfo.Catalog;
import dev.meshtrace.examples.bookinfo.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /reviews/{id}}: calls {@code ratings} once; without it the reviews come back without stars. For the
 * demo's trace broken on purpose, {@code ?ratings-executor=unwrapped} makes that call from an executor of its own,
 * not wrapped, so the trace breaks there (and meshtrace's diagnostics name this class); {@code wrapped} makes it from
 * the same executor wrapped with {@code tracing.currentTraceContext().executorService(...)}, which keeps the trace.
 */
@RestController
class ReviewsController {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewsController.class);
  static final String RATINGS_UNAVAILABLE = "Ratings service is currently unavailable";

  /** Bookinfo's reviews document. */
  record Reviews(String id, List<Review> reviews) {}

  record Review(String reviewer, String text, Rating rating) {}

  /** Stars and their colour, or the error that replaced them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Rating(Integer stars, String color, String error) {}

  private final RatingsClient ratings;
  private final ExecutorService unwrapped = Executors.newSingleThreadExecutor(daemon -> {
    Thread thread = new Thread(daemon, "reviews-ratings-worker");
    thread.setDaemon(true);
    return thread;
  });
  private final ExecutorService wrapped;

  ReviewsController(RatingsClient ratings, Tracing tracing) {
    this.ratings = ratings;
    this.wrapped = tracing.currentTraceContext().executorService(unwrapped);
  }

  @GetMapping("/reviews/{id}")
  Reviews reviews(@PathVariable int id,
      @RequestParam(name = "ratings-executor", defaultValue = "none") String ratingsExecutor) throws Exception {
    Catalog.Book book = Catalog.find(id);
    if (book == null) throw new NotFoundException(id);
    LOG.info("Reviews of product {}", id);
    Optional<Map<String, Integer>> stars = switch (ratingsExecutor) {
      case "unwrapped" -> unwrapped.submit(() -> ratings.starsByReviewer(id)).get(10, TimeUnit.SECONDS);
      case "wrapped" -> wrapped.submit(() -> ratings.starsByReviewer(id)).get(10, TimeUnit.SECONDS);
      default -> ratings.starsByReviewer(id);
    };
    List<Review> reviews = book.reviews().stream()
        .map(review -> new Review(review.reviewer(), review.text(), rating(stars, review.reviewer())))
        .toList();
    return new Reviews(Integer.toString(id), reviews);
  }

  private static Rating rating(Optional<Map<String, Integer>> stars, String reviewer) {
    if (stars.isEmpty()) return new Rating(null, null, RATINGS_UNAVAILABLE);
    Integer given = stars.get().get(reviewer);
    return given == null ? null : new Rating(given, "black", null);
  }
}
