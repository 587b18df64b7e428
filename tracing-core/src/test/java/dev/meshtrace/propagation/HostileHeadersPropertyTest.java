package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshtrace.Mode;
import dev.meshtrace.MutableSpan;
import dev.meshtrace.TraceContext;
import dev.meshtrace.Tracing;
import dev.meshtrace.handler.InMemorySpanCollector;
import dev.meshtrace.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Property-style: thousands of generated malformed, duplicated, oversized and hostile inbound headers (fixed seed,
 * so a failure reproduces) never throw, and every header that leaves is valid: it passes our own parser, or it is a
 * byte-identical copy of an inbound value, with no control character and within the size limit.
 */
class HostileHeadersPropertyTest {
  static final long SEED = 20240611L;
  static final int CASES = 4_000;
  static final String[] NAMES = {"b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
      "x-b3-flags", "traceparent", "tracestate", "x-request-id", "baggage", "x-ot-span-context", "sw8",
      "x-tenant-id", "grpc-trace-bin"};
  static final Set<String> B3_MULTI = Set.of("x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled",
      "x-b3-flags");
  static final String HOSTILE = "\u0000\r\n\t\u001f\u007f\u0080\u00ff\u00e9\u2028\ud83d\ufeff -,;=0123456789abcdefABCDEF";

  final Random random = new Random(SEED);

  @Test
  void hostileInboundHeadersNeverThrowAndNeverProduceAnInvalidOutboundHeader() {
    InMemorySpanCollector spans = new InMemorySpanCollector();
    Propagation everything = Propagation.newBuilder()
        .extract(List.of(Format.B3, Format.B3_MULTI, Format.W3C, Format.GRPC_TRACE_BIN))
        .inject(List.of(Format.B3, Format.B3_MULTI, Format.W3C, Format.GRPC_TRACE_BIN))
        .packSamplingIntoRequestId(true).build();
    List<Tracing> tracings = List.of(
        Tracing.newBuilder().addSpanHandler(spans).build(),
        Tracing.newBuilder().sampler(Sampler.NEVER).addSpanHandler(spans).build(),
        Tracing.newBuilder().mode(Mode.FORWARD).addSpanHandler(spans).build(),
        Tracing.newBuilder().propagation(everything).joinServerSpans(true).traceId128(false)
            .sampler(Sampler.probability(0.5)).addSpanHandler(spans).build());
    int validInbound = 0;

    for (int i = 0; i < CASES; i++) {
      HeaderFields inbound = generate();
      for (Tracing tracing : tracings) {
        spans.clear();
        HeaderFields outbound = Hop.outbound(tracing, inbound);
        int index = i;
        Supplier<String> where = () -> "case " + index + " " + tracing.mode() + " " + tracing.sampler()
            + "\ninbound: " + printable(inbound) + "\noutbound: " + printable(outbound);
        checkValid(inbound, outbound, where);
        if (tracing.mode() == Mode.FORWARD) Hop.checkForwardedAsIs(inbound, outbound, where);
        List<MutableSpan> clients = spans.spans(span -> "outbound".equals(span.name()));
        if (!clients.isEmpty()) {
          assertThat(outbound.toMap().values()).as(() -> "a reported client span's ID leaves: " + where.get())
              .anyMatch(value -> value.contains(clients.get(0).spanIdString()));
        }
      }
      for (Propagation propagation : List.of(Propagation.defaults(), everything)) {
        TraceContext byLookups = propagation.extract(inbound, HeaderFields.GETTER);
        assertThat(propagation.extract(inbound, HeaderFields.LISTING_GETTER))
            .as("case %d, walking the fields reads what looking up each name reads: %s", i, printable(inbound))
            .isEqualTo(byLookups);
      }
      if (Propagation.defaults().extract(inbound, HeaderFields.GETTER).hasIds()) validInbound++;
    }
    assertThat(validInbound).as("the generator also produces usable contexts").isBetween(CASES / 20, CASES / 2);
  }

  /** Every field that leaves is well formed, written once, lower case, without control characters, within 8 KiB. */
  static void checkValid(HeaderFields inbound, HeaderFields outbound, Supplier<String> where) {
    assertThat(outbound.setCalls()).as(where).doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT)));
    Map<String, String> fields = outbound.toMap();
    boolean hasGroup = false;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String name = field.getKey();
      String value = field.getValue();
      assertThat(value.length()).as(where).isLessThanOrEqualTo(8 * 1024);
      assertThat(firstInvalidCharacter(value)).as(() -> name + ": " + where.get()).isEqualTo(-1);
      switch (name) {
        case "b3":
          assertThat(B3SingleCodec.parse(value, new ParsedContext())).as(where).isTrue();
          break;
        case "traceparent":
          assertThat(W3cCodec.parse(value, new ParsedContext())).as(where).isTrue();
          break;
        case "grpc-trace-bin":
          if (!value.equals(HeaderFields.GETTER.get(inbound, name))) {
            assertThat(GrpcTraceBinCodec.parse(value, new ParsedContext())).as(where).isTrue();
          }
          break;
        case "tracestate":
          assertThat(fields).as(where).containsKey("traceparent");
          assertThat(HeaderFields.GETTER.getAll(inbound, name)).as(where).startsWith(value);
          break;
        case "x-request-id":
          String received = HeaderFields.GETTER.get(inbound, name);
          if (!value.equals(received)) assertThat(value).as(where).matches(MeshForwardingTest.UUID_V4_OR_PACKED);
          break;
        default:
          if (B3_MULTI.contains(name)) {
            hasGroup = true;
          } else {
            String inboundValue = "baggage".equals(name)
                ? HeaderFields.GETTER.getAll(inbound, name) : HeaderFields.GETTER.get(inbound, name);
            assertThat(value).as(() -> "mesh headers are copied byte for byte: " + where.get()).isEqualTo(inboundValue);
          }
      }
    }
    if (hasGroup) {
      String flags = fields.get("x-b3-flags");
      assertThat(flags == null || B3MultiCodec.isDefinedFlags(flags)).as(where).isTrue();
      assertThat(B3MultiCodec.parse(fields.get("x-b3-traceid"), fields.get("x-b3-spanid"),
          fields.get("x-b3-parentspanid"), fields.get("x-b3-sampled"), flags, new ParsedContext())).as(where).isTrue();
    }
  }

  /** The index of the first control character (0x00-0x1F other than tab, or 0x7F), or -1. */
  static int firstInvalidCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return i;
    }
    return -1;
  }

  /** Shows a case safely: control and non-ASCII characters escaped, long values shortened. */
  static String printable(HeaderFields fields) {
    StringBuilder result = new StringBuilder();
    for (String line : fields.toString().split("(?=, [A-Za-z0-9-]+: )")) {
      int start = result.length();
      for (int i = 0; i < line.length() && result.length() - start < 120; i++) {
        char c = line.charAt(i);
        result.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
      }
      if (result.length() - start >= 120) result.append("...(").append(line.length()).append(" chars)");
    }
    return result.toString();
  }

  HeaderFields generate() {
    HeaderFields fields = new HeaderFields();
    String traceId = hex(random.nextBoolean() ? 32 : 16);
    int count = random.nextInt(10);
    if (random.nextInt(3) == 0) {
      // a complete, plausible set to mutate a little
      for (String name : List.of("x-b3-traceid", "x-b3-spanid", "x-b3-sampled", "traceparent", "b3")) {
        if (random.nextBoolean()) fields.add(recase(name), maybeMutate(valid(name, traceId)));
      }
    }
    for (int i = 0; i < count; i++) {
      String name = NAMES[random.nextInt(NAMES.length)];
      String value = random.nextInt(4) == 0 ? randomString() : maybeMutate(valid(name, traceId));
      fields.add(recase(name), value);
      if (random.nextInt(6) == 0) fields.add(recase(name), maybeMutate(valid(name, traceId))); // duplicated
    }
    return fields;
  }

  String valid(String name, String traceId) {
    switch (name) {
      case "b3":
        switch (random.nextInt(4)) {
          case 0:
            return String.valueOf("01d".charAt(random.nextInt(3)));
          case 1:
            return traceId + "-" + hex(16);
          default:
            return traceId + "-" + hex(16) + "-" + "01d".charAt(random.nextInt(3))
                + (random.nextBoolean() ? "-" + hex(16) : "");
        }
      case "x-b3-traceid":
        return traceId;
      case "x-b3-spanid":
      case "x-b3-parentspanid":
        return hex(16);
      case "x-b3-sampled":
        return List.of("0", "1", "true", "false").get(random.nextInt(4));
      case "x-b3-flags":
        return random.nextBoolean() ? "1" : "0";
      case "traceparent":
        String version = random.nextInt(4) == 0 ? hex(2) : "00";
        String parent = version + "-" + (traceId.length() == 32 ? traceId : "0000000000000000" + traceId) + "-"
            + hex(16) + "-" + hex(2);
        return version.equals("00") ? parent : parent + (random.nextBoolean() ? "-" + hex(8) : "");
      case "tracestate":
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(40); i >= 0; i--) members.add("k" + i + "=" + hex(4));
        return String.join(",", members);
      case "x-request-id":
        return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12);
      default:
        return "v=" + hex(random.nextInt(20));
    }
  }

  String maybeMutate(String value) {
    StringBuilder result = new StringBuilder(value);
    for (int mutations = random.nextInt(3); mutations > 0; mutations--) {
      int at = result.length() == 0 ? 0 : random.nextInt(result.length());
      switch (random.nextInt(8)) {
        case 0:
          if (result.length() > 0) result.setCharAt(at, HOSTILE.charAt(random.nextInt(HOSTILE.length())));
          break;
        case 1:
          result.insert(at, HOSTILE.charAt(random.nextInt(HOSTILE.length())));
          break;
        case 2:
          if (result.length() > 0) result.deleteCharAt(at);
          break;
        case 3:
          result.setLength(at);
          break;
        case 4:
          result.append(random.nextBoolean() ? "," : "").append(value);
          break;
        case 5:
          result.replace(0, result.length(), result.toString().toUpperCase(Locale.ROOT));
          break;
        case 6:
          while (result.length() <= 8 * 1024) result.append(value.isEmpty() ? "x" : value);
          break;
        default:
          result.insert(at, ' ');
      }
    }
    return result.toString();
  }

  String randomString() {
    char[] chars = new char[random.nextInt(60)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x80);
    }
    return new String(chars);
  }

  String recase(String name) {
    switch (random.nextInt(3)) {
      case 0:
        return name.toUpperCase(Locale.ROOT);
      case 1:
        return name;
      default:
        StringBuilder result = new StringBuilder(name);
        for (int i = 0; i < result.length(); i++) {
          if (random.nextBoolean()) result.setCharAt(i, Character.toUpperCase(result.charAt(i)));
        }
        return result.toString();
    }
  }

  String hex(int length) {
    StringBuilder result = new StringBuilder(length);
    for (int i = 0; i < length; i++) result.append("0123456789abcdef".charAt(random.nextInt(16)));
    return result.toString();
  }
}
