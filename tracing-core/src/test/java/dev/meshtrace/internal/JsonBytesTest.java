package dev.meshtrace.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON primitives the span writers share: what each writes, and a counting pass of exactly that size. */
class JsonBytesTest {
  /** A writer of whatever {@code body} writes, in the two passes the span writers make. */
  static final class Writer extends JsonBytes {
    byte[] write(Consumer<Writer> body) {
      body.accept(this);
      int counted = position();
      allocate();
      body.accept(this);
      assertThat(position()).as("written as counted").isEqualTo(counted);
      assertThat(bytes()).hasSize(counted);
      return bytes();
    }
  }

  /**
   * What {@code body} writes, in the two passes and, from an empty buffer that must grow at each primitive, in one:
   * both must give the same bytes.
   */
  static String written(Consumer<Writer> body) {
    byte[] twoPasses = new Writer().write(body);
    Writer onePass = new Writer();
    onePass.writeInto(new byte[0]);
    body.accept(onePass);
    assertThat(onePass.copyOfWritten()).as("one pass").isEqualTo(twoPasses);
    return new String(twoPasses, UTF_8);
  }

  @Test
  void onePassGrowsTheBufferAndKeepsWhatWasWritten() {
    Writer writer = new Writer();
    byte[] small = new byte[4];
    writer.writeInto(small);
    writer.ascii("abc");
    assertThat(writer.bytes()).as("room enough: no copy").isSameAs(small);
    writer.string("dé");
    assertThat(writer.bytes()).hasSizeGreaterThanOrEqualTo(8).isNotSameAs(small);
    assertThat(new String(writer.copyOfWritten(), UTF_8)).isEqualTo("abc\"dé\"");

    writer.writeInto(writer.bytes());
    writer.decimal(42);
    assertThat(writer.copyOfWritten()).as("a new pass starts at the beginning").isEqualTo("42".getBytes(UTF_8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "plain text|\"plain text\"",
      "''|\"\"",
      "say \"hi\"|\"say \\\"hi\\\"\"",
      "back\\slash|\"back\\\\slash\""})
  void stringsAreQuotedAndEscaped(String value, String json) {
    assertThat(written(w -> w.string(value))).isEqualTo(json);
  }

  @Test
  void controlCharactersAndLineSeparatorsAreEscaped() {
    assertThat(written(w -> w.string("a\nb\rc\td\be\ff"))).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
    assertThat(written(w -> w.string("\u0000\u0001\u001f\u007f"))).isEqualTo("\"\\u0000\\u0001\\u001f\u007f\"");
    assertThat(written(w -> w.string("x\u2028y\u2029z\u00ff\uabcd"))).isEqualTo("\"x\\u2028y\\u2029z\u00ff\uabcd\"");
  }

  @Test
  void nonAsciiIsUtf8AndAnUnpairedSurrogateAQuestionMark() {
    String value = "caf\u00e9 \u20ac \ud83d\ude00 \ud800!";
    assertThat(written(w -> w.string(value)).getBytes(UTF_8))
        .isEqualTo(("\"" + value.replace("\ud800", "?") + "\"").getBytes(UTF_8));
  }

  @Test
  void numbersHexAsciiRawAndSingleBytes() {
    assertThat(written(w -> {
      w.decimal(0);
      w.writeByte(',');
      w.decimal(9);
      w.writeByte(',');
      w.decimal(10);
      w.writeByte(',');
      w.decimal(1_700_000_000_000_999L);
      w.writeByte(',');
      w.decimal(Long.MAX_VALUE);
    })).isEqualTo("0,9,10,1700000000000999," + Long.MAX_VALUE);
    assertThat(written(w -> {
      w.hex(0);
      w.hex(-1);
      w.hex(0xa2fb4a1d1a96d312L);
    })).isEqualTo("0000000000000000" + "ffffffffffffffff" + "a2fb4a1d1a96d312");
    assertThat(written(w -> {
      w.ascii("{\"k\":");
      w.raw("[1,2]".getBytes(UTF_8));
      w.ascii("}");
    })).isEqualTo("{\"k\":[1,2]}");
  }
}
