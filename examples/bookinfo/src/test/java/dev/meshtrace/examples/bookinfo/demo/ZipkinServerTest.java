package dev.meshtrace.examples.bookinfo.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo says when it cannot start Zipkin. */
class ZipkinServerTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void missingJarIsNamed(@TempDir Path directory) {
    Path jar = directory.resolve("zipkin-server.jar");

    assertThatThrownBy(() -> ZipkinServer.start(jar, Map.of(), out))
        .isInstanceOf(ZipkinUnavailableException.class)
        .hasMessage("there is no Zipkin server at " + jar + " (the build puts zipkin-server.jar next to bookinfo.jar)");
  }

  @Test
  void jarThatJavaCannotRunIsReportedWithItsExitCodeAndLog(@TempDir Path directory) throws IOException {
    Path jar = Files.writeString(directory.resolve("zipkin-server.jar"), "not a jar");

    assertThatThrownBy(() -> ZipkinServer.start(jar, Map.of(), out))
        .isInstanceOf(ZipkinUnavailableException.class)
        .hasMessageContaining("exited with code 1")
        .hasMessageContaining("Invalid or corrupt jarfile");
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("Starting Zipkin on port ");
  }

  @Test
  void existingServerMustBeHealthy() {
    assertThatThrownBy(() -> ZipkinServer.existing("http://127.0.0.1:1"))
        .isInstanceOf(ZipkinUnavailableException.class)
        .hasMessage("no healthy Zipkin answers at http://127.0.0.1:1/health");
  }
}
