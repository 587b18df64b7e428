package dev.meshtrace.http;

import dev.meshtrace.sampling.Sampler;
import java.util.Locale;

/**
 * What to do with inbound requests whose path matches a {@link PathPattern}: skip tracing (no span; headers are
 * still forwarded), or decide new traces with a sampler of its own. Rules are tried in order and the first match
 * wins; a rule's sampler replaces the tracing sampler, and like it is consulted only when no decision arrived.
 *
 * <p>Each rule also has a string form, for configuration properties ({@link #parse}, {@link #toString}):
 * {@code skip:/actuator/**}, {@code probability:0.25:/api/**}, {@code rate:10:/books/{id}} (traces per second).
 */
public final class PathRule {
  private final PathPattern pattern;
  private final Sampler sampler;
  private final String action;

  private PathRule(PathPattern pattern, Sampler sampler, String action) {
    this.pattern = pattern;
    this.sampler = sampler;
    this.action = action;
  }

  /** Requests matching {@code pattern} are not traced: no span and nothing reported; headers still forwarded. */
  public static PathRule skip(String pattern) {
    return new PathRule(PathPattern.compile(pattern), null, "skip");
  }

  /** New traces for requests matching {@code pattern} are sampled with {@code probability} (0.0-1.0). */
  public static PathRule probability(String pattern, double probability) {
    return new PathRule(PathPattern.compile(pattern), Sampler.probability(probability), "probability:" + probability);
  }

  /** At most {@code tracesPerSecond} new traces per second for requests matching {@code pattern}. */
  public static PathRule rateLimited(String pattern, double tracesPerSecond) {
    return new PathRule(PathPattern.compile(pattern), Sampler.rateLimited(tracesPerSecond), "rate:" + tracesPerSecond);
  }

  /**
   * Parses the string form: {@code skip:<pattern>}, {@code probability:<0.0-1.0>:<pattern>} or
   * {@code rate:<traces per second>:<pattern>}. The pattern comes last and may itself contain {@code :}.
   *
   * @throws IllegalArgumentException naming {@code rule} when it is not one of these forms or a value is invalid
   */
  public static PathRule parse(String rule) {
    String text = rule == null ? "" : rule.trim();
    int colon = text.indexOf(':');
    String action = colon < 0 ? text : text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : text.substring(colon + 1).trim();
    try {
      switch (action) {
        case "skip":
          return skip(rest);
        case "probability":
        case "rate": {
          int valueEnd = rest.indexOf(':');
          if (valueEnd < 0) throw new IllegalArgumentException("expected " + action + ":<number>:<pattern>");
          double value = parseNumber(rest.substring(0, valueEnd).trim());
          String pattern = rest.substring(valueEnd + 1).trim();
          return action.equals("rate") ? rateLimited(pattern, value) : probability(pattern, value);
        }
        default:
          throw new IllegalArgumentException("expected skip:<pattern>, probability:<0.0-1.0>:<pattern> or "
              + "rate:<traces per second>:<pattern>");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid path rule '" + rule + "': " + e.getMessage(), e);
    }
  }

  private static double parseNumber(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a number");
    }
  }

  public PathPattern pattern() {
    return pattern;
  }

  /** True when matching requests are not traced. */
  public boolean isSkip() {
    return sampler == null;
  }

  /** The sampler for matching requests, or null for a skip rule. */
  public Sampler sampler() {
    return sampler;
  }

  boolean matches(String path) {
    return pattern.matches(path);
  }

  /** The string form, which {@link #parse} reads back (except for a rule with a sampler of the caller's). */
  @Override
  public String toString() {
    return action + ':' + pattern;
  }
}
