package dev.meshtrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hex decoding against a plain reference: the value of the ASCII hex digits (upper case only when allowed), 0 when
 * any character is not one. Characters that other tables take for digits or letters (other scripts' digits, the
 * full-width forms, Latin-1 letters) are not hex.
 */
class HexTest {
  static final String LOWER = "0123456789abcdef";
  static final String UPPER = "ABCDEF";

  @Property(tries = 3000)
  void parsesWhatTheReferenceParses(@ForAll("idLikeStrings") String value, @ForAll boolean allowUpper) {
    int length = Math.min(value.length(), 16);
    assertThat(Hex.parse(value, 0, length, allowUpper)).isEqualTo(reference(value, length, allowUpper));
    assertThat(Hex.isHex(value, 0, length, allowUpper)).isEqualTo(isHex(value, length, allowUpper));
  }

  @ParameterizedTest
  @ValueSource(chars = {'g', 'G', '/', ':', '@', '`', '\u0000', '\u007f', '\u0080', '\u00e9', '\u0660', '\uff10',
      '\uff41', '\uffff'})
  void anyOtherCharacterAnywhereMakesTheWholeRunInvalid(char other) {
    for (int at = 0; at < 16; at++) {
      StringBuilder value = new StringBuilder("a2fb4a1d1a96d312");
      value.setCharAt(at, other);
      assertThat(Hex.parse(value, 0, 16, true)).as("at %d", at).isZero();
      assertThat(Hex.isHex(value, 0, 16, true)).as("at %d", at).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0123456789abcdef", "fedcba9876543210", "ffffffffffffffff", "0000000000000001"})
  void readsOnlyTheRunAsked(String digits) {
    String framed = "--" + digits + "--";
    assertThat(Hex.parse(framed, 2, 16, false)).isEqualTo(Long.parseUnsignedLong(digits, 16));
    assertThat(Hex.isHex(framed, 2, 16, false)).isTrue();
    assertThat(Hex.isHex(framed, 1, 16, false)).isFalse();
  }

  @Provide
  Arbitrary<String> idLikeStrings() {
    Arbitrary<Character> mostlyDigits = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.of(LOWER.toCharArray())),
        Tuple.of(3, Arbitraries.of(UPPER.toCharArray())),
        Tuple.of(1, Arbitraries.chars()));
    return mostlyDigits.list().ofMinSize(0).ofMaxSize(16).map(chars -> {
      StringBuilder value = new StringBuilder();
      chars.forEach(value::append);
      return value.toString();
    });
  }

  static long reference(String value, int length, boolean allowUpper) {
    return isHex(value, length, allowUpper) && length > 0 ? Long.parseUnsignedLong(value.substring(0, length), 16) : 0;
  }

  static boolean isHex(String value, int length, boolean allowUpper) {
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (LOWER.indexOf(c) < 0 && !(allowUpper && UPPER.indexOf(c) >= 0)) return false;
    }
    return true;
  }
}
