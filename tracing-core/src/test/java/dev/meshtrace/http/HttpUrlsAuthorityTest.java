package dev.meshtrace.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The destination an orphan call is counted under, read from the request's URL. */
class HttpUrlsAuthorityTest {
  @Test
  void theAuthorityWithoutUserInfoPathQueryOrFragment() {
    assertThat(HttpUrls.authority("http://ratings:9080/ratings/7?x=1")).isEqualTo("ratings:9080");
    assertThat(HttpUrls.authority("https://user:pw@ratings/r")).isEqualTo("ratings");
    assertThat(HttpUrls.authority("http://[::1]:8080")).isEqualTo("[::1]:8080");
    assertThat(HttpUrls.authority("http://h?q=a@b")).isEqualTo("h");
    assertThat(HttpUrls.authority("http://h#f")).isEqualTo("h");
    assertThat(HttpUrls.authority("/relative")).isNull();
    assertThat(HttpUrls.authority(null)).isNull();
  }
}
