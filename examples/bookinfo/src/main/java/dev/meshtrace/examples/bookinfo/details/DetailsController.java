package dev.meshtrace.examples.bookinfo.details;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.meshtrace.examples.bookinfo.Catalog;
import dev.meshtrace.examples.bookinfo.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /details/{id}}. */
@RestController
class DetailsController {
  private static final Logger LOG = LoggerFactory.getLogger(DetailsController.class);

  /** Bookinfo's details document. */
  record Details(int id, String author, int year, String type, int pages, String publisher, String language,
      @JsonProperty("ISBN-10") String isbn10, @JsonProperty("ISBN-13") String isbn13) {}

  @GetMapping("/details/{id}")
  Details details(@PathVariable int id) {
    Catalog.Book book = Catalog.find(id);
    if (book == null) throw new NotFoundException(id);
    LOG.info("Details of product {}", id);
    return new Details(book.id(), book.author(), book.year(), "paperback", book.pages(), "PublisherA", "English",
        book.isbn10(), book.isbn13());
  }
}
