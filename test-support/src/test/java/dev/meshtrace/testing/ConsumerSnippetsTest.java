package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * README's "Use it in your project" blocks are the marked parts of the projects that {@code .ci/consumer-check}
 * builds against the installed artifacts, so what a user copies is what was checked.
 */
class ConsumerSnippetsTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @ParameterizedTest
  @CsvSource({"consumer-check/boot/pom.xml, boot", "consumer-check/boot35/pom.xml, boot35",
      "consumer-check/plain/pom.xml, plain"})
  void readmeShowsTheCheckedProjectsBlock(String pom, String marker) throws Exception {
    String block = markedBlock(Files.readString(ROOT.resolve(pom)), marker);

    assertThat(block).contains("<artifactId>meshtrace-bom</artifactId>", "<scope>import</scope>");
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains("```xml\n" + block + "```\n");
  }

  /** The lines between {@code <!-- readme:NAME -->} and {@code <!-- readme:end -->}, their common indent removed. */
  static String markedBlock(String pom, String name) {
    List<String> lines = pom.lines().collect(Collectors.toList());
    int start = lines.indexOf(lines.stream().filter(l -> l.strip().equals("<!-- readme:" + name + " -->"))
        .findFirst().orElseThrow(() -> new AssertionError("no readme:" + name + " marker")));
    int end = start + 1;
    while (!lines.get(end).strip().equals("<!-- readme:end -->")) end++;
    List<String> block = lines.subList(start + 1, end);
    int indent = block.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
        .min().orElse(0);
    return block.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n")) + "\n";
  }
}
