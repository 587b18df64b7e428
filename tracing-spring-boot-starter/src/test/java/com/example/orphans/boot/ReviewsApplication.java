package com.example.orphans.boot;

import dev.meshtrace.Tracing;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * An application (outside {@code dev.meshtrace}, as applications are) whose controller calls the ratings service
 * on a worker thread: from an executor of its own (the trace breaks) with {@code ?executor=plain}, from the same
 * executor wrapped with {@code tracing.currentTraceContext().executorService(...)} (the trace is kept) otherwise.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReviewsApplication.ReviewsController.class)
public class ReviewsApplication {
  @Bean
  RestClient ratingsClient(RestClient.Builder builder, @Value("${downstream.url}") String downstream) {
    return builder.baseUrl(downstream).build();
  }

  @RestController
  static class ReviewsController {
    private final RestClient ratings;
    private final ExecutorService plain = Executors.newSingleThreadExecutor();
    private final ExecutorService traced;

    ReviewsController(RestClient ratings, Tracing tracing) {
      this.ratings = ratings;
      this.traced = tracing.currentTraceContext().executorService(plain);
    }

    @GetMapping("/reviews/{id}")
    String review(@PathVariable("id") String id, @RequestParam(name = "executor", defaultValue = "traced") String executor)
        throws Exception {
      ExecutorService pool = executor.equals("plain") ? plain : traced;
      return pool.submit(() -> ratings.get().uri("/ratings/{id}", id).retrieve().body(String.class))
          .get(10, TimeUnit.SECONDS);
    }
  }
}
