package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every Java snippet in README.md shows its imports, so a reader need not search the sources for a class. */
class ReadmeJavaSnippetsTest {
  static final Path README = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");

  @Test
  void everyJavaSnippetStartsWithItsImports() throws Exception {
    List<String> snippets = new ArrayList<>();
    Matcher block = Pattern.compile("(?s)```java\\n(.*?)```").matcher(Files.readString(README));
    while (block.find()) snippets.add(block.group(1));

    assertThat(snippets).hasSizeGreaterThan(5)
        .allSatisfy(snippet -> assertThat(snippet).as(snippet).startsWith("import "));
  }
}
