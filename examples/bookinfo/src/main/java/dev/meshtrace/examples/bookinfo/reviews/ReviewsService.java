package dev.meshtrace.examples.bookinfo.reviews;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The {@code reviews} service: reviews of a book, each with the reviewer's stars from {@code ratings}. */
@SpringBootApplication
public class ReviewsService {
  /** The client for {@code ratings}; being a bean is what gets it traced by the starter. */
  @Bean
  OkHttpClient ratingsHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofSeconds(3))
        .build();
  }
}
