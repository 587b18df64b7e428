package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the server jar (starting it is covered where it is used: tracing-zipkin's integration test). */
class ZipkinServerTest {
  @TempDir Path tmp;
  final String jarProperty = System.getProperty(ZipkinServer.JAR_PROPERTY);
  final String repoProperty = System.getProperty("maven.repo.local");

  @AfterEach
  void restoreProperties() {
    restore(ZipkinServer.JAR_PROPERTY, jarProperty);
    restore("maven.repo.local", repoProperty);
  }

  static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  @Test
  void mavenBuildPointsAtTheDownloadedJar() {
    assertThat(jarProperty).as("set by the root pom's surefire configuration").isNotNull();

    Path jar = ZipkinServer.locateJar();

    assertThat(jar).isRegularFile().isEqualTo(Path.of(jarProperty));
    assertThat(jar.getFileName().toString()).matches("zipkin-server-\\d+\\.\\d+\\.\\d+-exec\\.jar");
    assertThat(ClassLoader.getSystemResource("org/springframework/boot/loader/launch/JarLauncher.class"))
        .as("the server jar is run, never put on the test class path").isNull();
  }

  @Test
  void missingConfiguredJarFallsBackToTheLocalRepository() throws Exception {
    Path repository = tmp.resolve("repository");
    Path configured = Path.of(jarProperty);
    String version = configured.getParent().getFileName().toString();
    Path jar = repository.resolve(Path.of("io", "zipkin", "zipkin-server", version))
        .resolve(configured.getFileName());
    System.setProperty(ZipkinServer.JAR_PROPERTY, tmp.resolve("missing.jar").toString());
    System.setProperty("maven.repo.local", repository.toString());
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);

    assertThat(ZipkinServer.locateJar()).isEqualTo(jar);
  }

  @Test
  void notFoundAnywhereSaysHowToGetIt() {
    System.setProperty(ZipkinServer.JAR_PROPERTY, tmp.resolve("missing.jar").toString());
    System.setProperty("maven.repo.local", tmp.resolve("empty").toString());

    assertThatThrownBy(ZipkinServer::locateJar)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing.jar")
        .hasMessageContaining("Run the tests through Maven")
        .hasMessageContaining("-Dzipkin.server.jar=");
  }
}
