package dev.meshtrace.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every way a sampling decision can reach a hop and must leave it: the format it arrives in (B3 multi, b3 single,
 * W3C) × the decision (sampled, unsampled, debug, none) × the inject formats configured × the mode. An adapter's
 * test sends each {@link Case#inbound()} through its real server or client and hands the headers of the outbound
 * call to {@link Case#check(Map)}, an oracle that reads them with parsers of its own, not meshtrace's codecs.
 *
 * <p>In record mode the sampler must never sample ({@code Sampler.NEVER}): an upstream sampled or debug decision
 * is recorded and every format re-encoded with the new client span; otherwise (forward mode, an upstream deny, no
 * upstream decision in record mode, which the sampler then denies) the received headers go on byte for byte, and
 * every configured format that did not arrive is added with the same IDs and decision. Formats cannot say
 * everything: W3C has neither debug nor "no decision" (not in the matrix as input; as output, {@code traceparent} is
 * left out when there is no decision to carry), and a {@code b3} that came without a decision goes on as it came.
 */
public final class DecisionMatrix {
  public static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";
  public static final String SPAN_ID = "a2fb4a1d1a96d312";
  public static final String PARENT_ID = "0020000000000001";
  /** The inject configurations tried, as configuration names. */
  public static final List<List<String>> INJECT = List.of(List.of("b3multi", "w3c"), List.of("b3"),
      List.of("b3multi"), List.of("w3c"), List.of("b3", "b3multi", "w3c"));

  private static final Set<String> TRACE_HEADERS = Set.of("b3", "x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid",
      "x-b3-sampled", "x-b3-flags", "traceparent", "tracestate");

  private DecisionMatrix() {}

  /** The format a decision arrives in, by configuration name. */
  public enum In {
    B3_MULTI("b3multi"), B3("b3"), W3C("w3c");

    final String configName;

    In(String configName) {
      this.configName = configName;
    }
  }

  /** What the caller decided. */
  public enum Decision { SAMPLED, UNSAMPLED, DEBUG, NONE }

  /** The inbound formats and decisions: W3C can carry only sampled and unsampled. */
  public static List<Map.Entry<In, Decision>> inbounds() {
    List<Map.Entry<In, Decision>> result = new ArrayList<>();
    for (In in : In.values()) {
      for (Decision decision : Decision.values()) {
        if (in == In.W3C && (decision == Decision.DEBUG || decision == Decision.NONE)) continue;
        result.add(Map.entry(in, decision));
      }
    }
    return result;
  }

  /** One case: inbound format and decision, the inject formats configured, and the mode. */
  public record Case(In in, Decision decision, List<String> inject, boolean forward) {
    /** The inbound request's trace headers (and an {@code x-request-id}, so that none is generated). */
    public Map<String, String> inbound() {
      Map<String, String> headers = new LinkedHashMap<>();
      boolean withParent = decision != Decision.NONE;
      switch (in) {
        case B3_MULTI:
          headers.put("x-b3-traceid", TRACE_ID);
          headers.put("x-b3-spanid", SPAN_ID);
          headers.put("x-b3-parentspanid", PARENT_ID);
          if (decision == Decision.SAMPLED) headers.put("x-b3-sampled", "1");
          if (decision == Decision.UNSAMPLED) headers.put("x-b3-sampled", "0");
          if (decision == Decision.DEBUG) headers.put("x-b3-flags", "1");
          break;
        case B3:
          headers.put("b3", TRACE_ID + "-" + SPAN_ID + (withParent ? "-" + b3Flag(decision) + "-" + PARENT_ID : ""));
          break;
        case W3C:
          headers.put("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + (decision == Decision.SAMPLED ? "-01" : "-00"));
          headers.put("tracestate", "congo=t61rcWkgMzE");
          break;
        default:
          throw new AssertionError(in);
      }
      headers.put("x-request-id", "f47ac10b-58cc-4372-a567-0e02b2c3d479");
      return headers;
    }

    /** True when this process records the request and re-encodes every format for its client span. */
    public boolean recorded() {
      return !forward && (decision == Decision.SAMPLED || decision == Decision.DEBUG);
    }

    /** The decision the outbound call carries: a record-mode sampler that never samples decides when none came. */
    Decision outbound() {
      return !forward && decision == Decision.NONE ? Decision.UNSAMPLED : decision;
    }

    /**
     * Checks the outbound call's headers (any case of names) and throws an {@link AssertionError} naming this case
     * and what is wrong.
     */
    public void check(Map<String, String> outboundHeaders) {
      Map<String, String> out = new LinkedHashMap<>();
      outboundHeaders.forEach((name, value) -> out.put(name.toLowerCase(Locale.ROOT), value));
      List<String> problems = new ArrayList<>();
      Set<String> formats = new LinkedHashSet<>(inject);
      formats.add(in.configName);
      Decision expected = outbound();
      if (expected == Decision.NONE && in != In.W3C) formats.remove("w3c"); // traceparent cannot say "undecided"
      Set<String> allowed = new HashSet<>(Set.of("x-request-id"));
      Set<String> spanIds = new HashSet<>();
      for (String format : formats) {
        Read read = read(format, out);
        allowed.addAll(read.names);
        if (read.traceId == null) {
          problems.add(format + " missing");
          continue;
        }
        if (!read.traceId.equals(TRACE_ID)) problems.add(format + " trace ID " + read.traceId);
        spanIds.add(read.spanId);
        boolean asReceived = format.equals(in.configName) && !recorded();
        if (asReceived) {
          inbound().forEach((name, value) -> {
            if (!value.equals(out.get(name))) problems.add(name + " not forwarded byte for byte: " + out.get(name));
          });
        }
        if (recorded()) {
          if (read.spanId.equals(SPAN_ID)) problems.add(format + " still carries the caller's span ID");
        } else if (!read.spanId.equals(SPAN_ID)) {
          problems.add(format + " span ID " + read.spanId + " instead of the caller's");
        }
        // A b3 that came without a decision goes on as it came; every other format carries the decision.
        Decision wanted = asReceived && format.equals("b3") && decision == Decision.NONE ? Decision.NONE : expected;
        if (format.equals("w3c") && wanted == Decision.DEBUG) wanted = Decision.SAMPLED;
        if (read.decision != wanted) problems.add(format + " carries " + read.decision + " instead of " + wanted);
        String parent = in == In.B3_MULTI || (in == In.B3 && decision != Decision.NONE) ? PARENT_ID : null;
        if (!recorded() && read.parentId != null && !read.parentId.equals(parent)) {
          problems.add(format + " parent " + read.parentId + " instead of " + parent);
        }
      }
      if (spanIds.size() > 1) problems.add("formats disagree on the span ID: " + spanIds);
      for (String name : out.keySet()) {
        if (TRACE_HEADERS.contains(name) && !allowed.contains(name)) problems.add("unexpected " + name);
      }
      if (!problems.isEmpty()) throw new AssertionError(this + ": " + problems + " in " + out);
    }

    @Override
    public String toString() {
      return in.configName + " " + decision + " in, inject " + inject + ", " + (forward ? "forward" : "record");
    }
  }

  /** All cases of one inject configuration and mode. */
  public static List<Case> cases(List<String> inject, boolean forward) {
    List<Case> result = new ArrayList<>();
    for (Map.Entry<In, Decision> inbound : inbounds()) {
      result.add(new Case(inbound.getKey(), inbound.getValue(), inject, forward));
    }
    return result;
  }

  /** One hop under test: sends a case's inbound request and returns the headers of the call it makes. */
  @FunctionalInterface
  public interface Hop {
    Map<String, String> outbound(Case c) throws Exception;
  }

  /** Runs every case through {@code hop} and fails naming every case that went wrong. */
  public static void checkAll(List<Case> cases, Hop hop) throws Exception {
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      try {
        c.check(hop.outbound(c));
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) throw new AssertionError(failures.size() + " cases failed:\n" + String.join("\n", failures));
  }

  private static String b3Flag(Decision decision) {
    return decision == Decision.DEBUG ? "d" : decision == Decision.SAMPLED ? "1" : "0";
  }

  /** One format as read from the outbound headers; a null trace ID when the format is absent. */
  private record Read(String traceId, String spanId, String parentId, Decision decision, List<String> names) {}

  private static Read read(String format, Map<String, String> out) {
    switch (format) {
      case "b3multi": {
        String flags = out.get("x-b3-flags");
        String sampled = out.get("x-b3-sampled");
        Decision decision = "1".equals(flags) ? Decision.DEBUG
            : "1".equals(sampled) ? Decision.SAMPLED : "0".equals(sampled) ? Decision.UNSAMPLED : Decision.NONE;
        return new Read(out.get("x-b3-traceid"), out.get("x-b3-spanid"), out.get("x-b3-parentspanid"), decision,
            List.of("x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags"));
      }
      case "b3": {
        String value = out.get("b3");
        String[] parts = value == null ? new String[0] : value.split("-");
        if (parts.length < 2) return new Read(null, null, null, Decision.NONE, List.of("b3"));
        Decision decision = parts.length < 3 ? Decision.NONE : switch (parts[2]) {
          case "d" -> Decision.DEBUG;
          case "1" -> Decision.SAMPLED;
          case "0" -> Decision.UNSAMPLED;
          default -> null;
        };
        return new Read(parts[0], parts[1], parts.length > 3 ? parts[3] : null, decision, List.of("b3"));
      }
      case "w3c": {
        String value = out.get("traceparent");
        String[] parts = value == null ? new String[0] : value.split("-");
        if (parts.length != 4) return new Read(null, null, null, Decision.NONE, List.of("traceparent", "tracestate"));
        Decision decision = switch (parts[3]) {
          case "01" -> Decision.SAMPLED;
          case "00" -> Decision.UNSAMPLED;
          default -> null;
        };
        return new Read(parts[1], parts[2], null, decision, List.of("traceparent", "tracestate"));
      }
      default:
        throw new IllegalArgumentException(format);
    }
  }
}
