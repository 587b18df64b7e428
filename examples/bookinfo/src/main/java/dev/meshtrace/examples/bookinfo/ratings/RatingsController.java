package dev.meshtrace.examples.bookinfo.ratings;

import dev.meshtrace.examples.bookinfo.Catalog;
import dev.meshtrace.examples.bookinfo.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ratings/{id}}. */
@RestController
class RatingsController {
  private static final Logger LOG = LoggerFactory.getLogger(RatingsController.class);

  /** Bookinfo's ratings document: stars by reviewer. */
  record Ratings(int id, Map<String, Integer> ratings) {}

  @GetMapping("/ratings/{id}")
  Ratings ratings(@PathVariable int id) {
    Catalog.Book book = Catalog.find(id);
    if (book == null) throw new NotFoundException(id);
    LOG.info("Ratings of product {}", id);
    Map<String, Integer> stars = new LinkedHashMap<>();
    for (Catalog.Review review : book.reviews()) stars.put(review.reviewer(), review.stars());
    return new Ratings(id, stars);
  }
}
