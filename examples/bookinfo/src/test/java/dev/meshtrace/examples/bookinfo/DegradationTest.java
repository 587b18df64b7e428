package dev.meshtrace.examples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshtrace.examples.bookinfo.RunningServices.Answer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failing downstream service degrades the page instead of failing it, as in Bookinfo: {@code ratings} refuses
 * connections and {@code details} answers 503.
 */
class DegradationTest {
  private static final RunningServices services = new RunningServices();
  private static final MockWebServer failingDetails = new MockWebServer();
  private static String reviews;
  private static String productPage;

  @BeforeAll
  static void start() throws IOException {
    failingDetails.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
        return new MockResponse().setResponseCode(503).setBody("{\"error\":\"overloaded\"}");
      }
    });
    failingDetails.start();
    reviews = services.start(BookinfoService.REVIEWS, Map.of("bookinfo.ratings-url", RunningServices.deadUrl()));
    productPage = services.start(BookinfoService.PRODUCTPAGE, Map.of(
        "bookinfo.details-url", "http://127.0.0.1:" + failingDetails.getPort(), "bookinfo.reviews-url", reviews));
  }

  @AfterAll
  static void stop() throws IOException {
    services.close();
    failingDetails.shutdown();
  }

  @Test
  void reviewsWithoutRatingsHaveNoStars() {
    Answer answer = RunningServices.get(reviews + "/reviews/0");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("reviews")).hasSize(2);
    for (JsonNode review : answer.body().get("reviews")) {
      assertThat(review.get("rating").has("stars")).isFalse();
      assertThat(review.get("rating").get("error").asText()).isEqualTo("Ratings service is currently unavailable");
    }
  }

  @Test
  void pageWithoutDetailsStillShowsTheReviews() throws InterruptedException {
    Answer answer = RunningServices.get(productPage + "/productpage?product=0");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("details").get("error").asText())
        .isEqualTo("Product details are currently unavailable for this book");
    assertThat(answer.body().get("reviews").get("reviews").get(0).get("reviewer").asText()).isEqualTo("Reviewer1");
    RecordedRequest detailsCall = failingDetails.takeRequest(30, TimeUnit.SECONDS);
    assertThat(detailsCall).as("the call to details").isNotNull();
    assertThat(detailsCall.getPath()).isEqualTo("/details/0");
  }
}
