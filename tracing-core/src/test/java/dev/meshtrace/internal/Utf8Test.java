package dev.meshtrace.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** meshtrace's UTF-8 writer against Java's own encoder: the same bytes, and the size counted before writing. */
class Utf8Test {
  @ParameterizedTest
  @ValueSource(strings = {"", "plain ascii", "\u007f", "\u0080", "caf\u00e9", "\u07ff", "\u0800", "\u20ac",
      "\ud7ff", "\ue000", "\uffff", "\ud800\udc00", "\udbff\udfff", "a\ud83d\ude00b", "\ud800", "\udc00", "x\ud800",
      "\ud800x", "\udc00\ud800", "\u00e9\u20ac\ud83d\ude00\u0041"})
  void writesWhatJavasEncoderWrites(String value) {
    assertSameAsJava(value);
  }

  @Property(tries = 2000)
  void anyStringIsWrittenAsJavaWritesIt(@ForAll String value) {
    assertSameAsJava(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "\u007f\u0000"})
  void asciiIsEveryCharBelow0x80(String value) {
    assertThat(Utf8.isAscii(value)).isTrue();
    assertThat(Utf8.isAscii(value + "\u0080")).isFalse();
    assertThat(Utf8.isAscii("\u00e9" + value)).isFalse();
  }

  static void assertSameAsJava(String value) {
    byte[] expected = value.getBytes(UTF_8);
    assertThat(Utf8.length(value)).isEqualTo(expected.length);
    byte[] written = new byte[expected.length + 2];
    written[0] = '<';
    assertThat(Utf8.write(value, written, 1)).isEqualTo(expected.length + 1);
    written[written.length - 1] = '>';
    byte[] framed = new byte[expected.length + 2];
    framed[0] = '<';
    System.arraycopy(expected, 0, framed, 1, expected.length);
    framed[framed.length - 1] = '>';
    assertThat(written).isEqualTo(framed);
    int sum = 0;
    for (int i = 0; i < value.length(); ) {
      int size = Utf8.sizeAt(value, i);
      sum += size;
      i += Utf8.charCount(size);
    }
    assertThat(sum).isEqualTo(expected.length);
  }
}
