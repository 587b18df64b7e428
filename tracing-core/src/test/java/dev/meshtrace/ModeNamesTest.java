package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Mode#fromConfigName}: the names operators write, and a message listing them for anything else. */
class ModeNamesTest {
  @ParameterizedTest
  @CsvSource({"record, RECORD", " RECORD , RECORD", "forward, FORWARD", "Forward-Only, FORWARD",
      "forward_only, FORWARD"})
  void acceptsTheNamesAndTheirSpellings(String name, Mode expected) {
    assertThat(Mode.fromConfigName(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "record-all", "forwardonly", "off"})
  void rejectsOthersListingTheValidNames(String name) {
    assertThatThrownBy(() -> Mode.fromConfigName(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown mode '" + name + "': expected record or forward (also accepted: forward-only)");
  }
}
