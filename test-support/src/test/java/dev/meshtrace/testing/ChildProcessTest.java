package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {
  @TempDir Path tmp;

  ChildProcess start(String... args) throws Exception {
    Path classes = Path.of(FakeServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-cp", classes.toString(),
        FakeServer.class.getName()));
    command.addAll(List.of(args));
    return ChildProcess.start(command, Map.of(), tmp.resolve("child.log"));
  }

  @Test
  void closeKillsTheProcessAndItsDescendants() throws Exception {
    int port = freePort();
    ChildProcess child = start("healthy", Integer.toString(port));
    child.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(60));
    List<ProcessHandle> family = ProcessHandle.of(child.pid()).orElseThrow().descendants()
        .collect(Collectors.toList());
    assertThat(family).isNotEmpty(); // the grandchild

    child.close();

    assertThat(child.isAlive()).isFalse();
    assertThat(family).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void notHealthyInTimeFailsWithTheLogTailAndKillsTheProcess() throws Exception {
    ChildProcess child = start("silent");
    URI health = URI.create("http://127.0.0.1:" + freePort() + "/health");

    assertThatThrownBy(() -> child.awaitHealthy(health, Duration.ofSeconds(3)))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(ChildProcess.ExitedEarly.class)
        .hasMessageContaining("not ready (" + health + " answered 200) within PT3S")
        .hasMessageContaining("log line 100")
        .hasMessageNotContaining("log line 40\n"); // only the last 60 lines
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void exitBeforeHealthyFailsAtOnceWithTheExitCodeAndLog() throws Exception {
    ChildProcess child = start("exit");
    URI health = URI.create("http://127.0.0.1:" + freePort() + "/health");

    assertThatThrownBy(() -> child.awaitHealthy(health, Duration.ofSeconds(60)))
        .isInstanceOf(ChildProcess.ExitedEarly.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageEndingWith("boom");
  }

  @Test
  void awaitLogLineReturnsOnceTheLineIsWrittenAndFailsOnExit() throws Exception {
    ChildProcess silent = start("silent");
    silent.awaitLogLine("log line 100", Duration.ofSeconds(60));
    assertThat(silent.isAlive()).isTrue();
    silent.close();

    ChildProcess exiting = start("exit");
    assertThatThrownBy(() -> exiting.awaitLogLine("never written", Duration.ofSeconds(60)))
        .isInstanceOf(ChildProcess.ExitedEarly.class)
        .hasMessageContaining("exited with code 3 before its log said \"never written\"");
  }

  @Test
  void awaitExitReturnsTheExitCodeOrKillsAfterTheTimeout() throws Exception {
    assertThat(start("exit").awaitExit(Duration.ofSeconds(60))).isEqualTo(3);

    ChildProcess silent = start("silent");
    assertThatThrownBy(() -> silent.awaitExit(Duration.ofMillis(200)))
        .hasMessageContaining("still running after PT0.2S");
    assertThat(silent.isAlive()).isFalse();
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
