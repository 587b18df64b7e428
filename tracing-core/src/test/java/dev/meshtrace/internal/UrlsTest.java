package dev.meshtrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The authority of a URL: the destination an orphan call is counted under, and OTLP's server address. */
class UrlsTest {
  @Test
  void theAuthorityWithoutUserInfoPathQueryOrFragment() {
    assertThat(Urls.authority("http://ratings:9080/ratings/7?x=1")).isEqualTo("ratings:9080");
    assertThat(Urls.authority("https://user:pw@ratings/r")).isEqualTo("ratings");
    assertThat(Urls.authority("http://[::1]:8080")).isEqualTo("[::1]:8080");
    assertThat(Urls.authority("http://h?q=a@b")).isEqualTo("h");
    assertThat(Urls.authority("http://h#f")).isEqualTo("h");
    assertThat(Urls.authority("/relative")).isNull();
    assertThat(Urls.authority(null)).isNull();
  }
}
