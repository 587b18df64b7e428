package dev.meshtrace.examples.bookinfo;

import dev.meshtrace.examples.bookinfo.details.DetailsService;
import dev.meshtrace.examples.bookinfo.productpage.ProductPageService;
import dev.meshtrace.examples.bookinfo.ratings.RatingsService;
import dev.meshtrace.examples.bookinfo.reviews.ReviewsService;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The four services of the mesh, each a Spring Boot application of its own. */
public enum BookinfoService {
  PRODUCTPAGE(ProductPageService.class),
  DETAILS(DetailsService.class),
  REVIEWS(ReviewsService.class),
  RATINGS(RatingsService.class);

  private final Class<?> configuration;

  BookinfoService(Class<?> configuration) {
    this.configuration = configuration;
  }

  /** The name used on the command line, in {@code spring.application.name} and as the Zipkin service name. */
  public String serviceName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Spring Boot configuration class of the service. */
  public Class<?> configuration() {
    return configuration;
  }

  /** Properties every run of the service gets unless the command line says otherwise. */
  public Map<String, Object> defaultProperties() {
    return Map.of("spring.application.name", serviceName());
  }

  /** The service called {@code name}, or null. */
  public static BookinfoService named(String name) {
    for (BookinfoService service : values()) {
      if (service.serviceName().equals(name.trim().toLowerCase(Locale.ROOT))) return service;
    }
    return null;
  }

  /** The service names, for messages. */
  public static List<String> names() {
    return Arrays.stream(values()).map(BookinfoService::serviceName).toList();
  }
}
