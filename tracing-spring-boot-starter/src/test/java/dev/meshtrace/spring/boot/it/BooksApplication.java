package dev.meshtrace.spring.boot.it;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A service with no tracing code: its controller calls a downstream service through a {@code RestClient} built
 * from Boot's builder and through an {@code OkHttpClient} bean, logs, and hands work to an {@code @Async} method.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableAsync
@Import({BooksApplication.BooksController.class, BooksApplication.AsyncLogger.class})
public class BooksApplication {
  static final Logger LOG = LoggerFactory.getLogger(BooksApplication.class);

  @Bean
  OkHttpClient okHttpClient() {
    return new OkHttpClient();
  }

  @Bean
  RestClient detailsClient(RestClient.Builder builder, @Value("${downstream.url}") String downstream) {
    return builder.baseUrl(downstream).build();
  }

  @RestController
  static class BooksController {
    private final RestClient details;
    private final OkHttpClient okHttp;
    private final String downstream;
    private final AsyncLogger asyncLogger;

    BooksController(RestClient details, OkHttpClient okHttp, @Value("${downstream.url}") String downstream,
        AsyncLogger asyncLogger) {
      this.details = details;
      this.okHttp = okHttp;
      this.downstream = downstream;
      this.asyncLogger = asyncLogger;
    }

    @GetMapping("/books/{id}")
    String book(@PathVariable("id") String id) throws IOException {
      LOG.info("handling book {}", id);
      String detail = details.get().uri("/details/{id}", id).header("x-app", "mine").retrieve().body(String.class);
      String rating;
      Request request = new Request.Builder().url(downstream + "/ratings/" + id).build();
      try (Response response = okHttp.newCall(request).execute()) {
        rating = response.body().string();
      }
      asyncLogger.log("async work for book " + id).join();
      return detail + "," + rating;
    }
  }

  /** Logs from the auto-configured task executor. */
  static class AsyncLogger {
    @Async
    public CompletableFuture<Void> log(String message) {
      LOG.info(message);
      return CompletableFuture.completedFuture(null);
    }
  }
}
