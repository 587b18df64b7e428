package dev.meshtrace.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerAddressTest {
  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "http://ratings:9080/ratings/7                 | ratings       | 9080",
      "http://ratings/ratings/7                      | ratings       | 80",
      "https://ratings?x=1                           | ratings       | 443",
      "https://REDACTED:REDACTED@ratings:8443/r#a@b  | ratings       | 8443",
      "http://[::1]:9080/                            | ::1           | 9080",
      "https://[2001:db8::7]/ratings                 | 2001:db8::7   | 443",
      "ftp://files:99999/x                           | files         | 0",
      "ws://chat/x                                   | chat          | 0",
  })
  void fromAUrl(String url, String host, int port) {
    assertThat(ServerAddress.ofUrl(url)).isEqualTo(new ServerAddress(host, port));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/ratings/7", "http:///ratings", "http://:9080/ratings"})
  void aUrlWithoutHostGivesNone(String url) {
    assertThat(ServerAddress.ofUrl(url)).isNull();
  }

  @ParameterizedTest(name = "{0} ({1}) -> {2} {3}")
  @CsvSource(delimiter = '|', value = {
      "reviews:9080    | http  | reviews     | 9080",
      "reviews         | http  | reviews     | 80",
      "reviews         | HTTPS | reviews     | 443",
      "reviews         |       | reviews     | 0",
      "reviews:        | http  | reviews     | 0",
      "reviews:80a     | http  | reviews     | 0",
      "reviews:65536   | http  | reviews     | 0",
      "reviews:65535   | http  | reviews     | 65535",
      "[::1]           | https | ::1         | 443",
      "[::1]:8443      | https | ::1         | 8443",
  })
  void fromAHostHeader(String hostHeader, String scheme, String host, int port) {
    assertThat(ServerAddress.ofHost(hostHeader, scheme)).isEqualTo(new ServerAddress(host, port));
  }
}
