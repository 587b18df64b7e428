package dev.meshtrace.http;

import dev.meshtrace.sampling.Sampler;
import java.util.Objects;

/**
 * What to do with inbound requests whose path matches a pattern: skip tracing (headers are still forwarded), or
 * sample new traces with a sampler of its own. Rules are tried in order; the first match wins.
 */
public final class PathRule {
  private final PathPattern pattern;
  private final Sampler sampler;

  private PathRule(PathPattern pattern, Sampler sampler) {
    this.pattern = pattern;
    this.sampler = sampler;
  }

  /** Requests matching {@code pattern} are not traced: no span, no decision to sample; headers still forwarded. */
  public static PathRule skip(String pattern) {
    return new PathRule(PathPattern.compile(pattern), null);
  }

  /** New traces for requests matching {@code pattern} are sampled with {@code probability} (0.0-1.0). */
  public static PathRule probability(String pattern, double probability) {
    return new PathRule(PathPattern.compile(pattern), Sampler.probability(probability));
  }

  /** At most {@code tracesPerSecond} new traces per second for requests matching {@code pattern}. */
  public static PathRule rateLimited(String pattern, double tracesPerSecond) {
    return new PathRule(PathPattern.compile(pattern), Sampler.rateLimited(tracesPerSecond));
  }

  /** A rule with a sampler of the caller's. */
  public static PathRule sampled(String pattern, Sampler sampler) {
    return new PathRule(PathPattern.compile(pattern), Objects.requireNonNull(sampler, "sampler"));
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

  @Override
  public String toString() {
    return (isSkip() ? "skip " : "sample " + sampler + " ") + pattern;
  }
}
