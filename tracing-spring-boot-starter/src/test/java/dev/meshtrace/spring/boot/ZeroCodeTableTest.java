package dev.meshtrace.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's table of what the starter traces with no code has a row for every auto-configuration it registers. */
class ZeroCodeTableTest {
  static final String IMPORTS =
      "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

  @Test
  void everyAutoConfigurationHasARow() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = readme.substring(readme.indexOf("### What is traced with no code"),
        readme.indexOf("### Properties"));

    List<String> autoConfigurations = autoConfigurations();
    assertThat(autoConfigurations).hasSizeGreaterThanOrEqualTo(7);
    for (String name : autoConfigurations) {
      String simpleName = name.substring(name.lastIndexOf('.') + 1);
      assertThat(table).as("README row for " + simpleName).containsPattern("\\| `" + simpleName + "` \\|\\n");
    }
  }

  static List<String> autoConfigurations() throws IOException {
    try (InputStream in = ZeroCodeTableTest.class.getResourceAsStream(IMPORTS)) {
      assertThat(in).as(IMPORTS).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
  }
}
