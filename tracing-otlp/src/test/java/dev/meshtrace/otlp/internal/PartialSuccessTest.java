package dev.meshtrace.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rejected-span count of an OTLP/HTTP JSON response, as collectors write it (a string, as protobuf's JSON
 * mapping writes 64-bit integers, or a number), and what is not a count.
 */
class PartialSuccessTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"partialSuccess\":{\"rejectedSpans\":\"12\",\"errorMessage\":\"too old\"}}|12",
      "{\"partialSuccess\":{\"rejectedSpans\": 3}}|3",
      "{\"partialSuccess\":{\"rejectedSpans\":\"90\"}}|90",
      // A count too large for a long stops before it overflows, at the first digit that would reach past it.
      "{\"partialSuccess\":{\"rejectedSpans\":\"9223372036854775809\"}}|922337203685477580",
      // Cut off bodies.
      "{\"partialSuccess\":{\"rejectedSpans\":7|7",
      "{\"partialSuccess\":{\"rejectedSpans\":\"|0",
      "{\"partialSuccess\":{}}|0",
      "{}|0",
      // Other scripts' digits are not a JSON number's: the count stops at the first one.
      "{\"partialSuccess\":{\"rejectedSpans\":\"1\u0662\"}}|1",
      "{\"partialSuccess\":{\"rejectedSpans\":\"\uff17\"}}|0"})
  void readsTheRejectedSpansOfAJsonResponse(String body, long rejected) {
    ExportResult result = PartialSuccess.fromJson(body.getBytes(StandardCharsets.UTF_8));

    assertThat(result.accepted()).isTrue();
    assertThat(result.rejectedSpans()).isEqualTo(rejected);
    assertThat(result.message()).isEqualTo(rejected > 0 ? body : null);
  }
}
