package dev.meshtrace.examples.bookinfo.reviews;

import java.time.Duration;
import java.net.http.HttpClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The {@code reviews} service: reviews of a book, each with the reviewer's stars from {@code ratings}. */
@SpringBootApplication
public class ReviewsService {
  /** The client for {@code ratings}, the JDK's; being a bean is what gets it traced by the starter. */
  @Bean
  HttpClient ratingsHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1))
        .build();
  }
}
