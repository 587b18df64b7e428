package dev.meshtrace.zipkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGTERM while its backend hangs: the shutdown hook closes the handler, and the summary of the
 * spans lost reaches the output although the JDK resets its logging from a shutdown hook of its own.
 */
class ZipkinSpanHandlerShutdownTest {
  @TempDir Path dir;

  @Test
  void sigtermWithTheBackendHanging_outputSaysHowManySpansWereLostAndWhy() throws Exception {
    try (HangingBackend backend = new HangingBackend()) {
      Path output = dir.resolve("child.log");
      Process child = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
          "-cp", System.getProperty("java.class.path"),
          ShutdownHookFixture.class.getName(), backend.endpoint(), "300"))
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      try {
        awaitLine(child, output, "ready");
        backend.awaitConnection();

        child.destroy(); // SIGTERM
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
      } finally {
        child.destroyForcibly();
      }

      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(log).isEqualTo(128 + 15);
      assertThat(log).contains("WARNING: Closed the span reporter for " + backend.endpoint()
          + ": 300 spans lost at shutdown {CLOSED=300}, 300 of them still unsent when the close timeout (1000 ms)"
          + " ran out.");
      assertThat(log).doesNotContain("zipkin2.reporter");
    }
  }

  static void awaitLine(Process child, Path output, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readAllLines(output, StandardCharsets.UTF_8).contains(line)) {
      if (!child.isAlive() || System.nanoTime() - deadline > 0) {
        throw new AssertionError("no '" + line + "' from the child" + ": "
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      Thread.sleep(20);
    }
  }
}
