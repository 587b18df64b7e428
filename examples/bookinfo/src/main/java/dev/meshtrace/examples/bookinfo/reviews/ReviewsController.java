package dev.meshtrace.examples.bookinfo.reviews;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.meshtrace.examples.bookinfo.Catalog;
import dev.meshtrace.examples.bookinfo.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /reviews/{id}}: calls {@code ratings} once; without it the reviews come back without stars. */
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

  ReviewsController(RatingsClient ratings) {
    this.ratings = ratings;
  }

  @GetMapping("/reviews/{id}")
  Reviews reviews(@PathVariable int id) {
    Catalog.Book book = Catalog.find(id);
    if (book == null) throw new NotFoundException(id);
    LOG.info("Reviews of product {}", id);
    Optional<Map<String, Integer>> stars = ratings.starsByReviewer(id);
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
