package dev.meshtrace.http;

import java.util.regex.Pattern;

/**
 * An Ant-style path pattern as Spring writes them: {@code ?} one character, {@code *} anything within a segment,
 * {@code {name}} one non-empty segment, {@code **} any number of segments ({@code /actuator/**} also matches
 * {@code /actuator}). Everything else matches itself; the whole path must match.
 */
public final class PathPattern {
  private final String pattern;
  private final Pattern regex;

  private PathPattern(String pattern, Pattern regex) {
    this.pattern = pattern;
    this.regex = regex;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException naming the pattern when it does not start with {@code /} or has an unclosed
   *     {@code {}
   */
  public static PathPattern compile(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw new IllegalArgumentException("Path pattern must start with '/': '" + pattern + "'");
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (pattern.startsWith("/**", i) && (i + 3 == pattern.length() || pattern.charAt(i + 3) == '/')) {
        regex.append("(/.*)?");
        i += 3;
      } else if (c == '{') {
        int close = pattern.indexOf('}', i);
        if (close < 0) throw new IllegalArgumentException("Path pattern has an unclosed '{': '" + pattern + "'");
        regex.append("[^/]+");
        i = close + 1;
      } else if (c == '*') {
        regex.append("[^/]*");
        i++;
      } else if (c == '?') {
        regex.append("[^/]");
        i++;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return new PathPattern(pattern, Pattern.compile(regex.toString()));
  }

  /** True when {@code path} matches the whole pattern. */
  public boolean matches(String path) {
    return path != null && regex.matcher(path).matches();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
