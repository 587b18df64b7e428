package dev.meshtrace.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.OkHttp;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Proves which OkHttp generation this test run exercises: each surefire execution names the one it put there. */
class OkHttpVersionTest {
  @Test
  void runsAgainstTheOkHttpThisExecutionPutOnTheClasspath() throws Exception {
    String expected = System.getProperty("meshtrace.test.okhttp.version");
    assertThat(expected).as("system property set by the surefire execution").isNotBlank();
    // Read reflectively: javac would inline the constant from the 4.12 jar the tests are compiled against.
    Object version = OkHttp.class.getField("VERSION").get(null);
    assertThat(version).isEqualTo(expected);
    String jar = OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    assertThat(jar).endsWith((expected.startsWith("5.") ? "okhttp-jvm-" : "okhttp-") + expected + ".jar");
  }
}
