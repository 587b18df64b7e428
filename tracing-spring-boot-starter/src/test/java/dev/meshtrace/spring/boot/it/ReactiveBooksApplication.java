package dev.meshtrace.spring.boot.it;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A WebFlux service with no tracing code: its controller calls a downstream service twice in parallel through a
 * {@code WebClient} built from Boot's builder, one of the calls after a hop to another thread.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReactiveBooksApplication.BooksController.class)
public class ReactiveBooksApplication {

  @RestController
  static class BooksController {
    private final WebClient downstream;

    BooksController(WebClient.Builder builder, @Value("${downstream.url}") String downstream) {
      this.downstream = builder.baseUrl(downstream).build();
    }

    @GetMapping("/books/{id}")
    Mono<String> book(@PathVariable("id") String id) {
      Mono<String> details = downstream.get().uri("/details/" + id).retrieve().bodyToMono(String.class);
      Mono<String> reviews = Mono.just(id).publishOn(Schedulers.boundedElastic())
          .flatMap(ignored -> downstream.get().uri("/reviews/" + id).retrieve().bodyToMono(String.class));
      return Mono.zip(details, reviews).map(both -> both.getT1() + "," + both.getT2());
    }
  }
}
