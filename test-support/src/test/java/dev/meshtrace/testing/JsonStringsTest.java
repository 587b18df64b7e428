package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStringsTest {
  @Test
  void parsesStringsWithEscapes() {
    assertThat(JsonStrings.parseArray(" [ \"frontend\" , \"a\\\"b\\\\c\\u00e9\\n\" ] "))
        .containsExactly("frontend", "a\"b\\cé\n");
  }

  @Test
  void emptyArray() {
    assertThat(JsonStrings.parseArray("[]")).isEmpty();
    assertThat(JsonStrings.parseArray(" [ ] ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{}", "[\"a\"", "[\"a\",]", "[\"a\"] x", "[1]", "[] x", "[\"\\u12\"]"})
  void rejectsAnythingElse(String json) {
    assertThatThrownBy(() -> JsonStrings.parseArray(json)).isInstanceOf(IllegalArgumentException.class);
  }
}
