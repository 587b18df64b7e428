package dev.meshtrace.reliability;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators of inbound header sets for {@link HostileInputTest}: the names core reads (every trace format's and
 * every forwarded header's) and others, in every case, repeated, spelled with non-ASCII letters that fold onto them
 * and with control characters; values valid, truncated, oversized, all-zero, with invalid sampling flags, over-long,
 * with CR/LF, NUL and other control characters and non-ASCII text; and sets of thousands of fields.
 */
final class HostileHeaders {
  static final List<String> TRACE_NAMES = List.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
      "x-b3-sampled", "x-b3-flags", "traceparent", "tracestate", "grpc-trace-bin");
  static final List<String> MESH_NAMES = List.of("x-request-id", "baggage", "x-ot-span-context",
      "x-cloud-trace-context", "x-datadog-trace-id", "x-datadog-parent-id", "x-datadog-sampling-priority", "sw8",
      "x-tenant-id");
  static final List<String> OTHER_NAMES = List.of("authorization", "cookie", "host", "content-length",
      "x-forwarded-for", "x-injected", "transfer-encoding");
  /** Control characters, CR/LF and NUL, non-ASCII letters and symbols, an unpaired surrogate, separators. */
  static final String HOSTILE = "\u0000\r\n\t\u0001\u001f\u007f\u0080\u00ff\u00e9\u0130\u017f\u212a\u2028\ud83d"
      + "\ufeff -,;=:0123456789abcdefABCDEF";

  private HostileHeaders() {}

  /**
   * Mixed sets: mostly up to 30 fields, one in 200 with 500 to 5,000 (thousands of headers), each field's name
   * and value drawn as {@link #field} draws them.
   */
  static Arbitrary<HeaderSet> mixed() {
    return Arbitraries.randomValue(random -> {
      HeaderSet set = new HeaderSet();
      String traceId = hex(random, random.nextBoolean() ? 32 : 16);
      boolean thousands = random.nextInt(200) == 0;
      int count = thousands ? 500 + random.nextInt(4_501) : random.nextInt(31);
      for (int i = 0; i < count; i++) field(random, set, traceId, !thousands);
      return set;
    });
  }

  /**
   * A valid context in one format (its names in any ASCII case), valid mesh headers, and hostile fields under
   * names core does not read (other headers, non-ASCII look-alikes of the read ones): all the valid values must
   * travel byte for byte.
   */
  static Arbitrary<Clean> clean() {
    return Arbitraries.randomValue(random -> {
      Clean clean = new Clean();
      String traceId = nonZeroHex(random, random.nextBoolean() ? 32 : 16);
      String spanId = nonZeroHex(random, 16);
      String sampled = random.nextBoolean() ? "1" : "0";
      List<String[]> fields = new ArrayList<>();
      switch (random.nextInt(4)) {
        case 0:
          fields.add(new String[] {"b3", traceId + "-" + spanId + "-" + sampled});
          break;
        case 1:
          fields.add(new String[] {"x-b3-traceid", traceId});
          fields.add(new String[] {"x-b3-spanid", spanId});
          fields.add(new String[] {"x-b3-sampled", sampled});
          break;
        case 2:
          fields.add(new String[] {"traceparent", "00-" + pad32(traceId) + "-" + spanId + "-0" + sampled});
          fields.add(new String[] {"tracestate", "vendor=" + hex(random, 8) + ",other=" + hex(random, 4)});
          break;
        default:
          fields.add(new String[] {"grpc-trace-bin", grpcTraceBin(pad32(traceId), spanId, sampled.equals("1"), 0)});
      }
      fields.add(new String[] {"x-request-id", uuid(random)});
      fields.add(new String[] {"baggage", "user=alice,tenant=" + hex(random, 6)});
      fields.add(new String[] {"x-tenant-id", "acme-" + hex(random, 4)});
      clean.traceId = traceId;
      for (String[] field : fields) {
        clean.valid.add(field);
        clean.set.add(recase(random, field[0]), field[1]);
        for (int n = random.nextInt(4); n > 0; n--) noise(random, clean.set);
      }
      return clean;
    });
  }

  /** A valid set and its valid fields (lower-case names). */
  static final class Clean {
    final HeaderSet set = new HeaderSet();
    final List<String[]> valid = new ArrayList<>();
    String traceId;

    @Override
    public String toString() {
      return set.toString();
    }
  }

  /** A hostile field under a name core does not read. */
  static void noise(Random random, HeaderSet set) {
    String name = random.nextBoolean() ? OTHER_NAMES.get(random.nextInt(OTHER_NAMES.size()))
        : lookAlike(random, pick(random, random.nextBoolean() ? TRACE_NAMES : MESH_NAMES));
    set.add(name, random.nextBoolean() ? randomString(random) : mutate(random, valid(random, "traceparent", "1"), true));
  }

  /** One field, sometimes repeated; {@code overLong} allows values past 8 KiB (not in sets of thousands). */
  static void field(Random random, HeaderSet set, String traceId, boolean overLong) {
    int kind = random.nextInt(10);
    String name = kind < 4 ? pick(random, TRACE_NAMES) : kind < 8 ? pick(random, MESH_NAMES)
        : pick(random, OTHER_NAMES);
    String value;
    int shape = random.nextInt(20);
    if (shape < 9) {
      value = valid(random, name, traceId);
    } else if (shape < 17) {
      value = mutate(random, valid(random, name, traceId), overLong);
    } else {
      value = randomString(random);
    }
    set.add(spell(random, name), value);
    if (random.nextInt(6) == 0) set.add(spell(random, name), mutate(random, valid(random, name, traceId), overLong));
  }

  /** The name as is, in another ASCII case, with a non-ASCII look-alike letter, a control character or spaces. */
  static String spell(Random random, String name) {
    switch (random.nextInt(20)) {
      case 0: return lookAlike(random, name);
      case 1: return name + HOSTILE.charAt(random.nextInt(6));
      case 2: return " " + name;
      case 3: return "";
      default: return recase(random, name);
    }
  }

  /** A value of {@code name}'s format, mostly valid, else with the flaws that format's parser must catch. */
  static String valid(Random random, String name, String traceId) {
    switch (name) {
      case "b3":
        switch (random.nextInt(6)) {
          case 0: return String.valueOf("01d".charAt(random.nextInt(3)));
          case 1: return traceId + "-" + spanId(random);
          case 2: return traceId + "-" + spanId(random) + "-" + pick(random, List.of("2", "x", "true", "01", ""));
          default: return traceId + "-" + spanId(random) + "-" + "01d".charAt(random.nextInt(3))
              + (random.nextBoolean() ? "-" + spanId(random) : "");
        }
      case "x-b3-traceid":
        return random.nextInt(4) == 0 ? traceIdFlaw(random) : traceId;
      case "x-b3-spanid":
      case "x-b3-parentspanid":
        return spanId(random);
      case "x-b3-sampled":
        return pick(random, List.of("0", "1", "true", "false", "TRUE", "2", "yes", "d", "-1", ""));
      case "x-b3-flags":
        return pick(random, List.of("1", "0", "2", "debug"));
      case "traceparent":
        String version = random.nextInt(5) == 0 ? pick(random, List.of("ff", "01", "0g", "0")) : "00";
        String id = random.nextInt(5) == 0 ? traceIdFlaw(random) : pad32(traceId);
        String flags = random.nextInt(5) == 0 ? pick(random, List.of("zz", "0", "001", "ff", "02")) : "0" + random.nextInt(2);
        return version + "-" + id + "-" + spanId(random) + "-" + flags + (random.nextInt(8) == 0 ? "-" + hex(random, 8) : "");
      case "tracestate":
        return tracestate(random);
      case "grpc-trace-bin":
        return grpcTraceBin(random.nextInt(6) == 0 ? "0".repeat(32) : pad32(traceId), spanId(random),
            random.nextBoolean(), random.nextInt(5));
      case "x-request-id":
        return random.nextBoolean() ? uuid(random) : hex(random, random.nextInt(40));
      case "baggage":
        List<String> entries = new ArrayList<>();
        for (int i = random.nextInt(12); i >= 0; i--) entries.add("k" + i + "=" + hex(random, random.nextInt(12)));
        return String.join(",", entries);
      default:
        return "v=" + hex(random, random.nextInt(24));
    }
  }

  /** A trace ID that is truncated, oversized, all zero or not hex. */
  static String traceIdFlaw(Random random) {
    switch (random.nextInt(5)) {
      case 0: return hex(random, 15);
      case 1: return hex(random, 31);
      case 2: return hex(random, 33 + random.nextInt(100));
      case 3: return "0".repeat(random.nextBoolean() ? 16 : 32);
      default: return hex(random, 31) + "g";
    }
  }

  static String spanId(Random random) {
    switch (random.nextInt(8)) {
      case 0: return "0".repeat(16);
      case 1: return hex(random, 15);
      case 2: return hex(random, 17);
      default: return hex(random, 16);
    }
  }

  /** A few members, or hundreds, or members so long the value passes 8 KiB (a huge tracestate). */
  static String tracestate(Random random) {
    int members = random.nextInt(4) == 0 ? 33 + random.nextInt(500) : 1 + random.nextInt(32);
    int length = random.nextInt(10) == 0 ? 300 : 8;
    List<String> list = new ArrayList<>();
    for (int i = 0; i < members; i++) list.add("m" + i + "=" + hex(random, length));
    return String.join(random.nextInt(5) == 0 ? " , " : ",", list);
  }

  /**
   * {@code grpc-trace-bin} as core receives it: base64 text of version 0 with the trace and span IDs and the
   * options; {@code flaw} 1 truncates it, 2 makes it version 1, 3 pads it, 4 breaks the base64.
   */
  static String grpcTraceBin(String traceId32, String spanId16, boolean sampled, int flaw) {
    byte[] bytes = new byte[29];
    bytes[0] = (byte) (flaw == 2 ? 1 : 0);
    bytes[1] = 0;
    for (int i = 0; i < 16; i++) bytes[2 + i] = (byte) Integer.parseInt(hexPair(traceId32, i), 16);
    bytes[18] = 1;
    for (int i = 0; i < 8 && 2 * i + 2 <= spanId16.length(); i++) {
      bytes[19 + i] = (byte) Integer.parseInt(hexPair(spanId16, i), 16);
    }
    bytes[27] = 2;
    bytes[28] = (byte) (sampled ? 1 : 0);
    if (flaw == 1) bytes = java.util.Arrays.copyOf(bytes, 20);
    String text = flaw == 3 ? Base64.getEncoder().encodeToString(bytes)
        : Base64.getEncoder().withoutPadding().encodeToString(bytes);
    return flaw == 4 ? text.substring(1) + "*" : text;
  }

  private static String hexPair(String hex, int i) {
    return 2 * i + 2 <= hex.length() && hex.substring(2 * i, 2 * i + 2).matches("[0-9a-fA-F]{2}")
        ? hex.substring(2 * i, 2 * i + 2) : "00";
  }

  /**
   * Up to two flaws: a character replaced or inserted from {@link #HOSTILE}, deleted, the value truncated,
   * repeated, upper-cased, made over-long (past 8 KiB, up to 100,000 characters), or given a CR/LF and a header.
   */
  static String mutate(Random random, String value, boolean overLong) {
    StringBuilder text = new StringBuilder(value);
    int flaws = 1 + random.nextInt(2);
    while (flaws-- > 0) {
      int length = text.length();
      int place = length == 0 ? 0 : random.nextInt(length);
      int flaw = random.nextInt(overLong ? 9 : 6);
      if (flaw == 0 && length > 0) text.setCharAt(place, hostileCharacter(random));
      if (flaw == 1) text.insert(place, hostileCharacter(random));
      if (flaw == 2 && length > 0) text.deleteCharAt(place);
      if (flaw == 3) text.setLength(place);
      if (flaw == 4) text.append(random.nextBoolean() ? "," : "").append(value);
      if (flaw == 5) text.replace(0, length, text.toString().toUpperCase(Locale.ROOT));
      if (flaw == 6) text.insert(place, pick(random, List.of("\r\nx-injected: 1", "\n", "\r", "\u0000")));
      if (flaw == 7) text.insert(place, ' ');
      if (flaw == 8) {
        int target = random.nextBoolean() ? 8 * 1024 + 1 : 8 * 1024 + random.nextInt(92_000);
        String unit = value.isEmpty() ? "x" : value;
        text.append(unit.repeat(Math.max(1, (target - length) / unit.length() + 1)));
      }
    }
    return text.toString();
  }

  private static char hostileCharacter(Random random) {
    return HOSTILE.charAt(random.nextInt(HOSTILE.length()));
  }

  /** Up to 60 characters, a quarter of them anywhere in UTF-16 (surrogates included), the rest ASCII. */
  static String randomString(Random random) {
    char[] chars = new char[random.nextInt(61)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x80);
    }
    return new String(chars);
  }

  /** {@code name} as is, in capitals, or with letters upper-cased at random. */
  static String recase(Random random, String name) {
    int style = random.nextInt(3);
    if (style == 1) return name;
    char[] letters = name.toCharArray();
    for (int i = 0; i < letters.length; i++) {
      if (style == 0 || random.nextBoolean()) letters[i] = Character.toUpperCase(letters[i]);
    }
    return new String(letters);
  }

  /**
   * {@code name} with one letter replaced by a non-ASCII letter that Java's case folding maps onto it
   * ({@code \u0130} for i, {@code \u017f} for s, {@code \u212a} for k), or with a Cyrillic {@code \u0435} for e:
   * not the header, though {@code equalsIgnoreCase} says so for the first three.
   */
  static String lookAlike(Random random, String name) {
    StringBuilder result = new StringBuilder(name);
    List<Integer> places = new ArrayList<>();
    for (int i = 0; i < name.length(); i++) if ("iske".indexOf(name.charAt(i)) >= 0) places.add(i);
    if (places.isEmpty()) return name + "\u0130";
    int at = places.get(random.nextInt(places.size()));
    char replacement = switch (name.charAt(at)) {
      case 'i' -> '\u0130';
      case 's' -> '\u017f';
      case 'k' -> '\u212a';
      default -> '\u0435';
    };
    result.setCharAt(at, replacement);
    return result.toString();
  }

  static String uuid(Random random) {
    return hex(random, 8) + "-" + hex(random, 4) + "-4" + hex(random, 3) + "-a" + hex(random, 3) + "-"
        + hex(random, 12);
  }

  static String pad32(String traceId) {
    return traceId.length() == 32 ? traceId : "0".repeat(16) + traceId;
  }

  static String nonZeroHex(Random random, int length) {
    return hex(random, length - 1) + "123456789abcdef".charAt(random.nextInt(15));
  }

  static String hex(Random random, int length) {
    StringBuilder result = new StringBuilder(length);
    for (int i = 0; i < length; i++) result.append("0123456789abcdef".charAt(random.nextInt(16)));
    return result.toString();
  }

  static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
