package dev.meshtrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The small helpers the codecs and spans rely on. */
class InternalsTest {
  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "255.255.255.255", "0.0.0.0", "::1", "::", "2001:db8::1",
      "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "fe80::1%eth0", "[2001:db8::1]", "FE80::A", "[fe80::1%eth0]",
      "fe80::1%a::b", "1:2:3:4:5:6:7:8%eth0", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "1::", "[::]", "1:2:3:4:5:6:7::",
      "::2:3:4:5:6:7:8", "1.22.255.0"})
  void recognisesIpLiterals(String ip) {
    assertThat(IpLiterals.isIpLiteral(ip)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "ratings.default.svc", "10.0.0", "10.0.0.256", "10.0.0.1.2",
      "1.2.3.", "1..2.3", "a.b.c.d", "1234.1.1.1", "2001:db8::g", "12345::1", "1:2", "1::2::3", ":::",
      "1:2:3:4:5:6:7:8:9", "::ffff:10.0.0.300", "[::1", "::1]", "[]", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4::",
      ":1", "1:", "%eth0", "0001.0.0.1", "1:2:3:4::5:6:7:8", "1:2:3:4:5:6:7::8"})
  void rejectsAnythingElse(String value) {
    assertThat(IpLiterals.isIpLiteral(value)).isFalse();
  }

  @Test
  void aLiteralIsAtMost64Characters() {
    String zoneTo64 = "fe80::1%" + "a".repeat(56);
    assertThat(IpLiterals.isIpLiteral(zoneTo64)).isTrue();
    assertThat(IpLiterals.isIpLiteral(zoneTo64 + "a")).isFalse();
  }

  @Test
  void hexRoundTripsAndRejectsNonHex() {
    assertThat(Hex.toHex(0xa2fb4a1d1a96d312L)).isEqualTo("a2fb4a1d1a96d312");
    assertThat(Hex.parse("A2FB4A1D1A96D312", 0, 16, true)).isEqualTo(0xa2fb4a1d1a96d312L);
    assertThat(Hex.parse("A2FB4A1D1A96D312", 0, 16, false)).isZero();
    assertThat(Hex.isHex("0123456789abcdef", 0, 16, false)).isTrue();
    assertThat(Hex.isHex("0123456789abcdeg", 0, 16, true)).isFalse();
    assertThat(Hex.traceIdToHex(0, 1, false)).isEqualTo("0000000000000001");
    assertThat(Hex.traceIdToHex(0, 1, true)).isEqualTo("00000000000000000000000000000001");
  }

  @Test
  void requestIdsAreRandomUuidsWithTheGivenVersionCharacter() {
    String plain = RequestIds.randomUuid('4');
    UUID parsed = UUID.fromString(plain);
    assertThat(parsed.version()).isEqualTo(4);
    assertThat(parsed.variant()).isEqualTo(2);
    assertThat(RequestIds.randomUuid('9').charAt(14)).isEqualTo('9');
    assertThat(RequestIds.randomUuid('4')).isNotEqualTo(plain);
    assertThat(RequestIds.isWellFormedUuid(plain)).isTrue();
    assertThat(RequestIds.isWellFormedUuid("0f0e1a2b-3c4d-9e5f-8a7b-6c5d4e3f2a1b")).isTrue();
    assertThat(RequestIds.isWellFormedUuid("0f0e1a2b-3c4d-9e5f-8a7b-6c5d4e3f2a1")).isFalse();
    assertThat(RequestIds.isWellFormedUuid("0f0e1a2b_3c4d-9e5f-8a7b-6c5d4e3f2a1b")).isFalse();
    assertThat(RequestIds.isWellFormedUuid("zf0e1a2b-3c4d-9e5f-8a7b-6c5d4e3f2a1b")).isFalse();
    assertThat(RequestIds.isWellFormedUuid("0F0E1A2B-3C4D-9E5F-8A7B-6C5D4E3F2A1B")).as("upper case").isTrue();
    assertThat(RequestIds.isWellFormedUuid("0f0e1a2b-3c4d-zzzz-8a7b-6c5d4e3f2a1b")).as("non-hex beside the version position")
        .isFalse();
    assertThat(RequestIds.isWellFormedUuid("0f0e1a2b-3c4d-ze5f-8a7b-6c5d4e3f2a1b")).as("any character in the version position")
        .isTrue();
    for (int at : new int[] {0, 7, 9, 12, 15, 17, 19, 22, 24, 35}) {
      for (char notHex : new char[] {'g', '\u0663', '\uff11', '\uff41', '\u00e9'}) {
        StringBuilder value = new StringBuilder("0f0e1a2b-3c4d-9e5f-8a7b-6c5d4e3f2a1b");
        value.setCharAt(at, notHex);
        assertThat(RequestIds.isWellFormedUuid(value.toString())).as("%s at %d", notHex, at).isFalse();
      }
    }
    assertThat(RequestIds.isWellFormedUuid(null)).isFalse();
  }

  @Test
  void headerNamesCompareIgnoringTheCaseOfAsciiLettersOnly() {
    assertThat(HeaderValues.equalsIgnoreAsciiCase("X-Request-ID", "x-request-id")).isTrue();
    assertThat(HeaderValues.equalsIgnoreAsciiCase("x-request-id", "x-request-id")).isTrue();
    assertThat(HeaderValues.equalsIgnoreAsciiCase("x-request-\u0130d", "x-request-id")).isFalse();
    assertThat(HeaderValues.equalsIgnoreAsciiCase("x-b3-\u017fampled", "x-b3-sampled")).isFalse();
    assertThat(HeaderValues.equalsIgnoreAsciiCase("\u212a", "k")).isFalse();
    assertThat(HeaderValues.equalsIgnoreAsciiCase("a@", "A`")).as("only letters fold").isFalse();
    assertThat(HeaderValues.equalsIgnoreAsciiCase("x-b3", "x-b3-")).isFalse();
  }

  @Test
  void idsAreNeverZero() {
    for (int i = 0; i < 10_000; i++) assertThat(Ids.nextId()).isNotZero();
  }

  @Test
  void aUrisAddressIsItsHostWithoutBracketsAndItsPortOrTheSchemesDefault() {
    URI ipv6 = URI.create("http://[::1]:8080/books");
    assertThat(UriAddresses.host(ipv6)).isEqualTo("::1");
    assertThat(UriAddresses.port(ipv6)).isEqualTo(8080);
    assertThat(UriAddresses.port(URI.create("https://reviews/"))).isEqualTo(443);
    assertThat(UriAddresses.port(URI.create("http://reviews/"))).isEqualTo(80);
    assertThat(UriAddresses.port(URI.create("ws://reviews/"))).isZero();
    assertThat(UriAddresses.host(URI.create("http://127.0.0.1/"))).isEqualTo("127.0.0.1");
  }
}
