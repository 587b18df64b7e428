package dev.meshtrace.examples.bookinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshtrace.examples.bookinfo.RunningServices.Answer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The four services wired together, answering in Bookinfo's JSON shapes. */
class BookinfoServicesTest {
  private static final RunningServices services = new RunningServices();
  private static String ratings;
  private static String details;
  private static String reviews;
  private static String productPage;

  @BeforeAll
  static void start() {
    ratings = services.start(BookinfoService.RATINGS, Map.of());
    details = services.start(BookinfoService.DETAILS, Map.of());
    reviews = services.start(BookinfoService.REVIEWS, Map.of("bookinfo.ratings-url", ratings));
    productPage = services.start(BookinfoService.PRODUCTPAGE,
        Map.of("bookinfo.details-url", details, "bookinfo.reviews-url", reviews));
  }

  @AfterAll
  static void stop() {
    services.close();
  }

  @Test
  void detailsOfProductZero() {
    Answer answer = RunningServices.get(details + "/details/0");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("id").isInt()).isTrue();
    assertThat(answer.body().get("id").asInt()).isZero();
    assertThat(answer.body().get("author").asText()).isEqualTo("William Shakespeare");
    assertThat(answer.body().get("ISBN-10").asText()).isEqualTo("1234567890");
    assertThat(answer.body().get("ISBN-13").asText()).isEqualTo("123-1234567890");
  }

  @Test
  void ratingsByReviewer() {
    Answer answer = RunningServices.get(ratings + "/ratings/0");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("id").asInt()).isZero();
    assertThat(answer.body().get("ratings").get("Reviewer1").asInt()).isEqualTo(5);
    assertThat(answer.body().get("ratings").get("Reviewer2").asInt()).isEqualTo(4);
  }

  @Test
  void reviewsCarryTheStarsFromRatings() {
    Answer answer = RunningServices.get(reviews + "/reviews/1");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("id").asText()).isEqualTo("1");
    JsonNode first = answer.body().get("reviews").get(0);
    assertThat(first.get("reviewer").asText()).isEqualTo("Reviewer1");
    assertThat(first.get("rating").get("stars").asInt()).isEqualTo(5);
    assertThat(first.get("rating").get("color").asText()).isEqualTo("black");
    assertThat(answer.body().get("reviews").get(1).get("rating").get("stars").asInt()).isEqualTo(3);
  }

  @Test
  void productPageIncludesDetailsReviewsAndRatings() {
    Answer answer = RunningServices.get(productPage + "/productpage?product=0");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("product").get("title").asText()).isEqualTo("The Comedy of Errors");
    assertThat(answer.body().get("details").get("ISBN-10").asText()).isEqualTo("1234567890");
    assertThat(answer.body().get("reviews").get("reviews")).hasSize(2);
    assertThat(answer.body().get("reviews").get("reviews").get(1).get("rating").get("stars").asInt()).isEqualTo(4);
    assertThat(answer.body().findValues("error")).isEmpty();
  }

  @Test
  void unknownProductIsNotFoundEverywhere() {
    assertThat(RunningServices.get(productPage + "/productpage?product=3").status()).isEqualTo(404);
    assertThat(RunningServices.get(details + "/details/3").status()).isEqualTo(404);
    assertThat(RunningServices.get(reviews + "/reviews/3").status()).isEqualTo(404);
    assertThat(RunningServices.get(ratings + "/ratings/-1").status()).isEqualTo(404);
  }

  @Test
  void productIdThatIsNotANumberIsABadRequest() {
    assertThat(RunningServices.get(productPage + "/productpage?product=zero").status()).isEqualTo(400);
    assertThat(RunningServices.get(details + "/details/zero").status()).isEqualTo(400);
  }
}
