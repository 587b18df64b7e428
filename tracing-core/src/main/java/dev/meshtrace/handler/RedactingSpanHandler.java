package dev.meshtrace.handler;

import dev.meshtrace.MutableSpan;
import dev.meshtrace.SpanHandler;
import dev.meshtrace.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Operator-side redaction: replaces every match of the configured patterns in every tag value (and annotation)
 * before any exporter sees the span. Add it to {@code Tracing} before the exporters.
 */
public final class RedactingSpanHandler implements SpanHandler {
  private final List<Pattern> patterns;
  private final String replacement;

  private RedactingSpanHandler(List<Pattern> patterns, String replacement) {
    this.patterns = patterns;
    this.replacement = replacement;
  }

  /**
   * A handler replacing matches of each regular expression with {@code replacement}.
   *
   * @throws IllegalArgumentException naming the pattern when one does not compile
   */
  public static RedactingSpanHandler create(List<String> regexes, String replacement) {
    List<Pattern> compiled = new ArrayList<>();
    for (String regex : regexes) {
      try {
        compiled.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("Invalid redaction pattern '" + regex + "': " + e.getDescription(), e);
      }
    }
    return new RedactingSpanHandler(List.copyOf(compiled), Matcher.quoteReplacement(replacement));
  }

  @Override
  public boolean end(TraceContext context, MutableSpan span) {
    for (int i = 0; i < span.tagCount(); i++) span.tagValue(i, redact(span.tagValue(i)));
    if (span.annotationCount() > 0) {
      long[] timestamps = new long[span.annotationCount()];
      String[] values = new String[span.annotationCount()];
      boolean changed = false;
      for (int i = 0; i < timestamps.length; i++) {
        timestamps[i] = span.annotationTimestamp(i);
        values[i] = redact(span.annotationValue(i));
        changed |= !values[i].equals(span.annotationValue(i));
      }
      if (changed) span.replaceAnnotations(timestamps, values);
    }
    return true;
  }

  private String redact(String value) {
    for (Pattern pattern : patterns) value = pattern.matcher(value).replaceAll(replacement);
    return value;
  }

  @Override
  public String toString() {
    return "RedactingSpanHandler" + patterns;
  }
}
