package dev.meshtrace.http;

import java.util.regex.Pattern;

/**
 * An Ant-style path pattern as Spring writes them: {@code ?} one character, {@code *} anything within a segment,
 * {@code {name}} one non-empty segment, {@code **} any number of segments ({@code /actuator/**} also matches
 * {@code /actuator}). Everything else matches itself; the whole path must match.
 */
public final class PathPattern {
  private final String pattern;
  /** What every matching path starts with: the pattern up to its first wildcard. */
  private final String literalPrefix;
  /** Null when the pattern has no wildcard: then only the pattern itself matches. */
  private final Pattern regex;

  private PathPattern(String pattern, String literalPrefix, Pattern regex) {
    this.pattern = pattern;
    this.literalPrefix = literalPrefix;
    this.regex = regex;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException naming the pattern when it does not start with {@code /} or has an unclosed
   *     <code>&#123;</code>
   */
  public static PathPattern compile(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw new IllegalArgumentException("Path pattern must start with '/': '" + pattern + "'");
    }
    StringBuilder regex = new StringBuilder();
    int literalEnd = -1;
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      boolean anySegments =
          pattern.startsWith("/**", i) && (i + 3 == pattern.length() || pattern.charAt(i + 3) == '/');
      if (literalEnd < 0 && (anySegments || c == '{' || c == '*' || c == '?')) literalEnd = i;
      if (anySegments) {
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
    if (literalEnd < 0) return new PathPattern(pattern, pattern, null);
    return new PathPattern(pattern, pattern.substring(0, literalEnd), Pattern.compile(regex.toString()));
  }

  /**
   * True when {@code path} matches the whole pattern. Paths that do not start with the pattern's literal part are
   * rejected without running the regular expression, so checking the usual request against the default skip
   * patterns allocates nothing.
   */
  public boolean matches(String path) {
    if (path == null || !path.startsWith(literalPrefix)) return false;
    return regex == null ? path.length() == literalPrefix.length() : regex.matcher(path).matches();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
