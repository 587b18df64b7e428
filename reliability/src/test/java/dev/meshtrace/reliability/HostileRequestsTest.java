package dev.meshtrace.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.propagation.Propagation;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real-server slice of the hostile input: {@value #REQUESTS} generated hostile header sets ({@link
 * HostileHeaders}, a fixed seed) sent as raw bytes over a socket (so that nothing refuses a name or value on the
 * way) to {@link ReviewsApp} on real Tomcat, whose downstream call goes to a loopback {@link Downstream}. No answer
 * may be a 5xx (Tomcat refusing a malformed request with a 400 is its business, not tracing's; the framing
 * headers {@code Transfer-Encoding} and {@code Content-Length} are left out, as Tomcat answers an unknown transfer
 * coding with a 501 before any filter). What reached the
 * downstream must hold only the client's own headers, the trace headers and the forwarded ones, each without a
 * control character and within 8 KiB, a forwarded value taken from an inbound field of that name, and a valid
 * {@code x-request-id} forwarded byte for byte.
 */
class HostileRequestsTest {
  static final int REQUESTS = 2_000;
  /** Requests in flight at once. */
  static final int SENDERS = 8;
  static final long SEED = 21L;
  static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  static final int NO_ANSWER = -1;
  static final int CLOSED_WHILE_SENDING = -2;
  static final List<String> FRAMING = List.of("transfer-encoding", "content-length");
  /** What the JDK client behind the RestClient writes of its own. */
  static final Set<String> CLIENT_HEADERS = Set.of("host", "user-agent", "connection", "content-length", "upgrade",
      "http2-settings", "accept", "accept-encoding");

  @Test
  void hostileHeadersOverHttpNeverCauseA5xxNorReachTheNextHopInvalid() throws Exception {
    Random random = new Random(SEED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<String> serverErrors = new ArrayList<>();
    Map<Integer, String> validRequestIds = new TreeMap<>();
    Map<Integer, HeaderSet> sent = new TreeMap<>();
    List<String> invalid = new ArrayList<>();
    int byteForByte = 0;
    try (Downstream downstream = new Downstream(8);
        ConfigurableApplicationContext app = ReviewsApp.start(Map.of(
            "ratings.url", "http://127.0.0.1:" + downstream.port() + "/ratings",
            "meshtrace.zipkin.enabled", false,
            // Tomcat logs each request it refuses, and each bad cookie, at INFO: thousands of lines otherwise.
            "logging.level.org.apache.coyote", "WARN",
            "logging.level.org.apache.tomcat.util.http.parser", "WARN"))) {
      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      for (int i = 0; i < REQUESTS; i++) {
        HeaderSet set = new HeaderSet();
        String traceId = HostileHeaders.hex(random, 32);
        int fields = random.nextInt(100) == 0 ? 150 : random.nextInt(25);
        for (int f = 0; f < fields; f++) HostileHeaders.field(random, set, traceId, random.nextInt(10) == 0);
        // The framing headers are Tomcat's: an unknown transfer coding is refused with a 501 before any filter.
        set.fields.removeIf(field -> FRAMING.stream().anyMatch(name -> HeaderSet.equalsIgnoreAsciiCase(field[0], name)));
        // Half the sets without the fields Tomcat refuses outright (a control character, or a name that is not a
        // token), so that non-ASCII values, duplicates, look-alike names, bad IDs and flags reach the application.
        if (i % 2 == 0) set.fields.removeIf(field -> !TOKEN.matcher(field[0]).matches()
            || HostileInputTest.firstControlCharacter(field[1]) >= 0);
        if (random.nextBoolean()) {
          String requestId = HostileHeaders.uuid(random);
          set.fields.removeIf(field -> HeaderSet.equalsIgnoreAsciiCase(field[0], "x-request-id"));
          // First, and followed by a plain field: a hostile value's line break cannot end the header section
          // before it, nor a field starting with a space fold onto it (obs-fold, which Tomcat joins with a space).
          set.fields.add(0, new String[] {HostileHeaders.recase(random, "x-request-id"), requestId});
          set.fields.add(1, new String[] {"x-plain", "1"});
          validRequestIds.put(i, requestId);
        }
        sent.put(i, set);
      }
      java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(SENDERS);
      try {
        Map<Integer, java.util.concurrent.Future<Integer>> answers = new TreeMap<>();
        for (Map.Entry<Integer, HeaderSet> request : sent.entrySet()) {
          answers.put(request.getKey(), senders.submit(() -> send(port, "/reviews/" + request.getKey(),
              request.getValue())));
        }
        for (Map.Entry<Integer, java.util.concurrent.Future<Integer>> answer : answers.entrySet()) {
          int status = answer.getValue().get(2, java.util.concurrent.TimeUnit.MINUTES);
          statuses.merge(status, 1, Integer::sum);
          if (status >= 500 || status == NO_ANSWER) {
            serverErrors.add(answer.getKey() + " answered " + status + ": " + sent.get(answer.getKey()));
          }
        }
      } finally {
        senders.shutdownNow();
      }
      Set<String> allowed = new HashSet<>(CLIENT_HEADERS);
      allowed.addAll(Propagation.defaults().traceHeaderNames());
      allowed.addAll(Propagation.defaults().forwardHeaders());
      for (Downstream.Received call : downstream.received) {
        int i = Integer.parseInt(call.path().substring("/ratings/".length()));
        for (Map.Entry<String, String> header : call.headers()) {
          String name = header.getKey();
          String value = header.getValue();
          if (!allowed.contains(name) || value.length() > 8 * 1024 || HostileInputTest.firstControlCharacter(value) >= 0
              || (Propagation.defaults().forwardHeaders().contains(name) && !name.equals("x-request-id")
                  && !cameFrom(sent.get(i), name, value))) {
            invalid.add(call.path() + " " + name + ": " + HeaderSet.escape(value, 120) + " from " + sent.get(i));
          }
        }
        String requestId = validRequestIds.get(i);
        if (requestId != null) {
          if (requestId.equals(call.header("x-request-id"))) {
            byteForByte++;
          } else {
            invalid.add(call.path() + " x-request-id " + call.header("x-request-id") + " instead of " + requestId);
          }
        }
      }
      int answered = statuses.getOrDefault(200, 0);

      assertThat(serverErrors).as("5xx answers").isEmpty();
      assertThat(invalid).as("invalid or foreign headers at the next hop").isEmpty();
      assertThat(downstream.received).as("one downstream call per request answered 200").hasSize(answered);
      assertThat(answered).as("hostile sets reaching the application: %s", statuses).isGreaterThan(REQUESTS / 4);
      assertThat(byteForByte).isPositive();
      Report.section("41-hostile-requests", "Hostile input over HTTP",
          String.format(Locale.ROOT, "`HostileRequestsTest`: %,d generated hostile header sets (the same generators, "
              + "a fixed seed; one in 100 with 150 fields, one in 10 allowing values past 8 KiB; no framing header; "
              + "in every other set no field Tomcat refuses outright, a control character or a name that is not a "
              + "token) "
              + "sent as raw bytes "
              + "to the Boot 4 service on real Tomcat, whose RestClient calls a loopback server. A 400 is Tomcat "
              + "refusing a malformed request before the application (control characters in a name or value, "
              + "more than 100 fields; -2 counts requests over its size limit, whose connection it closed before they "
              + "were sent whole); every request it let through answered 200 and made its downstream call, "
              + "where every header was checked: only the client's own, the trace headers and the forwarded "
              + "ones, no control character, at most 8 KiB, a forwarded value coming from an inbound field of "
              + "that name.", REQUESTS),
          List.of("requests", "answers", "5xx", "downstream calls checked", "invalid headers downstream",
              "valid `x-request-id` forwarded byte for byte"),
          List.of(List.of(String.format(Locale.ROOT, "%,d", REQUESTS), statuses.toString(), "0",
              String.format(Locale.ROOT, "%,d", downstream.received.size()), "0",
              byteForByte + " of " + validRequestIds.size() + " sent (the rest refused with a 400)")));
    }
  }

  /**
   * True when {@code value} is an inbound field's value of {@code name} as Tomcat reads it (its bytes on the wire,
   * one character each), or all of them joined:
   * up to the first CR or LF (which end its line), the lines after it that start with a space or tab (obs-fold)
   * joined with a space, without surrounding spaces and tabs.
   */
  private static boolean cameFrom(HeaderSet inbound, String name, String value) {
    List<String> values = new ArrayList<>();
    List<String[]> fields = inbound.fields;
    for (int f = 0; f < fields.size(); f++) {
      if (!HeaderSet.equalsIgnoreAsciiCase(fields.get(f)[0], name)) continue;
      String[] lines = wire(fields.get(f)[1]).split("[\r\n]", -1);
      StringBuilder joined = new StringBuilder(trim(lines[0]));
      for (int next = f + 1; lines.length == 1 && next < fields.size(); next++) {
        String[] field = fields.get(next);
        if (field[0].isEmpty() || (field[0].charAt(0) != ' ' && field[0].charAt(0) != '\t')) break;
        lines = wire(field[0] + ": " + field[1]).split("[\r\n]", -1);
        joined.append(' ').append(trim(lines[0]));
      }
      values.add(trim(joined.toString()).replace('\t', ' '));
    }
    String received = value.replace('\t', ' '); // the JDK's HTTP server hands a tab inside a value over as a space
    return values.contains(received) || String.join(",", values).equals(received);
  }

  /** {@code text} as Tomcat reads the bytes {@link #send} writes for it: one character per byte. */
  private static String wire(String text) {
    return new String(bytes(text), StandardCharsets.ISO_8859_1);
  }

  private static String trim(String line) {
    int from = 0;
    int to = line.length();
    while (from < to && (line.charAt(from) == ' ' || line.charAt(from) == '\t')) from++;
    while (to > from && (line.charAt(to - 1) == ' ' || line.charAt(to - 1) == '\t')) to--;
    return line.substring(from, to);
  }

  /**
   * Sends {@code GET path} with the fields as raw bytes (characters up to U+00FF as one byte each, others as
   * UTF-8) and returns the status of the first answer; {@link #CLOSED_WHILE_SENDING} when Tomcat closed the
   * connection before the request was sent whole and no answer could be read (a request over its size limits),
   * {@link #NO_ANSWER} when it was sent whole and none came.
   */
  private static int send(int port, String path, HeaderSet set) throws Exception {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    for (String[] field : set.fields) {
      request.writeBytes(bytes(field[0] + ": " + field[1] + "\r\n"));
    }
    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      boolean sentWhole = true;
      try {
        socket.getOutputStream().write(request.toByteArray());
        socket.getOutputStream().flush();
      } catch (java.io.IOException e) {
        sentWhole = false; // Tomcat refused the request before its end (too large) and closed the connection
      }
      String status;
      try {
        status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
            .readLine();
      } catch (java.io.IOException e) {
        status = null;
      }
      if (status != null && status.length() >= 12) return Integer.parseInt(status.substring(9, 12));
      return sentWhole ? NO_ANSWER : CLOSED_WHILE_SENDING;
    }
  }

  private static byte[] bytes(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0xff) {
        out.write(c);
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }
}
