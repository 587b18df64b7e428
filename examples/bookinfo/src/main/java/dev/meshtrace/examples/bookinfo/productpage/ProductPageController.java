package dev.meshtrace.examples.bookinfo.productpage;

import dev.meshtrace.examples.bookinfo.Catalog;
import dev.meshtrace.examples.bookinfo.NotFoundException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code GET /productpage?product=ID}: the book with its details and reviews (which carry the ratings). A part
 * whose service fails is replaced by an error message; the page is still served. In Kafka mode the view is then
 * published ({@link ProductViewPublisher}).
 */
@RestController
class ProductPageController {
  private static final Logger LOG = LoggerFactory.getLogger(ProductPageController.class);
  private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {};
  static final String DETAILS_UNAVAILABLE = "Product details are currently unavailable for this book";
  static final String REVIEWS_UNAVAILABLE = "Product reviews are currently unavailable for this book";

  /** The page: the product, and the documents of {@code details} and {@code reviews} as they came. */
  record ProductPage(Product product, Map<String, Object> details, Map<String, Object> reviews) {}

  record Product(int id, String title) {}

  private final ProductPageService.DownstreamClients clients;
  private final ObjectProvider<ProductViewPublisher> views;

  ProductPageController(ProductPageService.DownstreamClients clients, ObjectProvider<ProductViewPublisher> views) {
    this.clients = clients;
    this.views = views;
  }

  /**
   * The page of {@code product}. {@code ratings-executor} is handed on to reviews, for the demo's trace broken on
   * purpose.
   */
  @GetMapping("/productpage")
  ProductPage productPage(@RequestParam(defaultValue = "0") int product,
      @RequestParam(name = "ratings-executor", defaultValue = "none") String ratingsExecutor) {
    Catalog.Book book = Catalog.find(product);
    if (book == null) throw new NotFoundException(product);
    LOG.info("Product page of product {}", product);
    ProductPage page = new ProductPage(new Product(book.id(), book.title()),
        fetch(clients.details(), "/details/{id}", product),
        fetch(clients.reviews(), reviewsPath(ratingsExecutor), product, REVIEWS_UNAVAILABLE));
    views.ifAvailable(publisher -> publisher.publish(product));
    return page;
  }

  /** {@code /reviews/{id}}, with the demo's {@code ratings-executor} when it is one reviews knows. */
  private static String reviewsPath(String ratingsExecutor) {
    return ratingsExecutor.equals("unwrapped") || ratingsExecutor.equals("wrapped")
        ? "/reviews/{id}?ratings-executor=" + ratingsExecutor : "/reviews/{id}";
  }

  /** From {@code details} with WebClient: blocking is fine here, on a servlet thread of Spring MVC. */
  private static Map<String, Object> fetch(WebClient client, String path, int product) {
    try {
      return client.get().uri(path, product).retrieve().bodyToMono(JSON_OBJECT).block(Duration.ofSeconds(5));
    } catch (RuntimeException e) { // WebClientException, or the timeout's when details does not answer
      LOG.warn("{}: {}", DETAILS_UNAVAILABLE, e.toString());
      return Map.of("error", DETAILS_UNAVAILABLE);
    }
  }

  private static Map<String, Object> fetch(RestClient client, String path, int product, String unavailable) {
    try {
      return client.get().uri(path, product).retrieve().body(JSON_OBJECT);
    } catch (RestClientException e) {
      LOG.warn("{}: {}", unavailable, e.toString());
      return Map.of("error", unavailable);
    }
  }
}
