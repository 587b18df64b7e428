package dev.meshtrace.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.core.SpringVersion;
import org.springframework.web.client.RestClient;

/** Proves which Spring Framework this test run exercises: each surefire execution names the one it put there. */
class SpringVersionTest {
  @Test
  void runsAgainstTheSpringFrameworkThisExecutionPutOnTheClasspath() {
    String expected = System.getProperty("meshtrace.test.spring.version");
    assertThat(expected).as("system property set by the surefire execution").isNotBlank();
    assertThat(SpringVersion.getVersion()).isEqualTo(expected);
    String jar = RestClient.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(jar).endsWith("spring-web-" + expected + ".jar");
  }
}
