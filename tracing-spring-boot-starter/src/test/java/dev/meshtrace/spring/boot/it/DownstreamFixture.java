package dev.meshtrace.spring.boot.it;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A test of {@link BooksApplication} with a {@link Downstream} of its own: started before the test class, passed
 * to the application as {@code downstream.url}, closed after the class.
 */
abstract class DownstreamFixture {
  static Downstream downstream;

  @BeforeAll
  static void startDownstream() throws IOException {
    downstream = new Downstream();
  }

  @DynamicPropertySource
  static void downstreamUrl(DynamicPropertyRegistry registry) {
    registry.add("downstream.url", () -> downstream.url());
  }

  @AfterAll
  static void stopDownstream() throws IOException {
    downstream.close();
  }
}
