package dev.meshtrace.examples.bookinfo.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaterfallTest {
  private static final long T = 1_700_000_000_000_000L;

  /** productpage calls details and reviews; reviews' call to ratings failed. Listed out of order on purpose. */
  private static final List<ZipkinSpan> TRACE = List.of(
      span("f", "e", "CLIENT", "reviews", "get", 16_000, 2_000, Map.of("http.path", "/ratings/0",
          "error", "Connection refused")),
      span("d", "a", "CLIENT", "productpage", "get", 14_000, 25_000, Map.of("http.path", "/reviews/0",
          "http.status_code", "200")),
      span("c", "b", "SERVER", "details", "get /details/{id}", 3_000, 8_000, Map.of("http.status_code", "200")),
      span("a", "caller", "SERVER", "productpage", "get /productpage", 0, 40_000, Map.of("http.status_code", "200")),
      span("e", "d", "SERVER", "reviews", "get /reviews/{id}", 15_000, 23_000, Map.of("http.status_code", "200")),
      span("b", "a", "CLIENT", "productpage", "get", 2_000, 10_000, Map.of("http.path", "/details/0",
          "http.status_code", "200")));

  @Test
  void drawsEachSpanUnderItsParentOnTheTracesTimeline() {
    assertThat(new Waterfall(false).render(new TraceTree(TRACE))).containsExactly(
        "productpage    server  get /productpage   |########################################|   40.0 ms  200",
        "  productpage  client  get /details/0     |  ##########                            |   10.0 ms  200",
        "    details    server  get /details/{id}  |   ########                             |    8.0 ms  200",
        "  productpage  client  get /reviews/0     |              ######################### |   25.0 ms  200",
        "    reviews    server  get /reviews/{id}  |               #######################  |   23.0 ms  200",
        "      reviews  client  get /ratings/0     |                ##                      |    2.0 ms       error: Connection refused");
  }

  @Test
  void aGrpcCallShowsItsStatus() {
    List<ZipkinSpan> trace = List.of(
        span("e", "caller", "SERVER", "reviews", "get /reviews/{id}", 0, 10_000, Map.of("http.status_code", "200")),
        span("f", "e", "CLIENT", "reviews", "bookinfo.ratings/getratings", 1_000, 4_000,
            Map.of("rpc.grpc.status_code", "0")),
        span("g", "f", "SERVER", "ratings", "bookinfo.ratings/getratings", 2_000, 2_000,
            Map.of("rpc.grpc.status_code", "5")));

    assertThat(new Waterfall(false).render(new TraceTree(trace))).extracting(String::stripTrailing).containsExactly(
        "reviews      server  get /reviews/{id}            |########################################|   10.0 ms  200",
        "  reviews    client  bookinfo.ratings/getratings  |    ################                    |    4.0 ms   OK",
        "    ratings  server  bookinfo.ratings/getratings  |        ########                        |    2.0 ms    5");
  }

  @Test
  void spanWhoseParentIsNotInTheTraceIsARoot() {
    TraceTree tree = new TraceTree(TRACE);

    assertThat(tree.roots()).extracting(ZipkinSpan::id).containsExactly("a");
    assertThat(tree.services()).containsExactly("productpage", "details", "reviews");
    assertThat(tree.duration()).isEqualTo(40_000);
  }

  @Test
  void unicodeBarsAreSolidBlocks() {
    List<ZipkinSpan> one = List.of(span("a", null, "SERVER", "ratings", "get /ratings/{id}", 0, 1_500, Map.of()));

    assertThat(new Waterfall(true).render(new TraceTree(one)))
        .containsExactly("ratings  server  get /ratings/{id}  |" + "\u2588".repeat(40) + "|    1.5 ms");
  }

  @Test
  void longDurationsInSeconds() {
    assertThat(Waterfall.duration(12_345_678)).isEqualTo("12.3 s");
    assertThat(Waterfall.duration(999)).isEqualTo("1.0 ms");
  }

  private static ZipkinSpan span(String id, String parentId, String kind, String service, String name, long offset,
      long duration, Map<String, String> tags) {
    return new ZipkinSpan("463ac35c9f6413ad48485a3953bb6124", id, parentId, kind, name, T + offset, duration,
        new ZipkinSpan.Endpoint(service, "127.0.0.1", null, 0), null, tags);
  }
}
