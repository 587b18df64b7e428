package dev.meshtrace.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.SpringVersion;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Proves which Spring Framework and Reactor this test run exercises: each surefire execution names its Spring. */
class SpringVersionTest {
  @Test
  void runsAgainstTheSpringFrameworkThisExecutionPutOnTheClasspath() {
    String expected = System.getProperty("meshtrace.test.spring.version");
    assertThat(expected).as("system property set by the surefire execution").isNotBlank();
    assertThat(SpringVersion.getVersion()).isEqualTo(expected);
    String jar = WebClient.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(jar).endsWith("spring-webflux-" + expected + ".jar");
    String reactor = Mono.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(reactor).contains(expected.startsWith("7.") ? "reactor-core-3.8." : "reactor-core-3.7.");
  }
}
