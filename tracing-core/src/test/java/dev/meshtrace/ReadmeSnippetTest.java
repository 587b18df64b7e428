package dev.meshtrace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The programmatic quick start in README.md, with only the imports it shows, compiles against this module, so the
 * two cannot drift apart.
 */
class ReadmeSnippetTest {
  static final Path README = Path.of("..", "README.md");

  static String quickStart() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("(?m)^## Programmatic quick start\\s*$.*?^```java\\s*$(.*?)^```\\s*$",
        Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("a ```java block under '## Programmatic quick start' in " + README).isTrue();
    return block.group(1);
  }

  static String imports() throws IOException {
    return quickStart().lines().filter(line -> line.startsWith("import ")).collect(Collectors.joining("\n"));
  }

  static String code() throws IOException {
    return quickStart().lines().filter(line -> !line.startsWith("import ")).collect(Collectors.joining("\n"));
  }

  @Test
  void quickStartIsAboutADozenLinesAndShowsItsImports() throws IOException {
    assertThat(code().strip().lines()).hasSizeBetween(8, 20);
    assertThat(imports()).contains("import dev.meshtrace.");
  }

  @Test
  void quickStartCompiles(@TempDir Path classes) throws IOException {
    String source = imports() + "\n\nclass ReadmeQuickStart {\n  void run() throws Exception {\n" + code()
        + "\n  }\n}\n";
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///ReadmeQuickStart.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    String mainClasses = new File(Tracing.class.getProtectionDomain().getCodeSource().getLocation().getPath())
        .getPath();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean compiled = compiler.getTask(diagnostics, files, null,
          List.of("-classpath", mainClasses, "-d", classes.toString(), "-Xlint:all,-try", "-Werror"), null,
          List.of(file)).call();

      assertThat(compiled).as("README quick start must compile:\n" + source + "\n" + diagnostics).isTrue();
    }
  }
}
