package dev.meshtrace.diagnostics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Masks what must not leave the process in diagnostics: credentials in URLs and header values. */
public final class Secrets {
  /** What a masked value becomes. */
  public static final String MASK = "***";

  private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\\s]*@");
  private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#\\s]*)=[^&#}\\s]*");

  private Secrets() {}

  /**
   * {@code url} (or a text holding URLs, such as a reporter's description) with the user information and every
   * query parameter's value masked:
   * {@code https://user:pw@otlp.example.com/v1/traces?key=abc} becomes
   * {@code https://***@otlp.example.com/v1/traces?key=***}. Null stays null.
   */
  public static String maskUrl(String url) {
    if (url == null) return null;
    String masked = USER_INFO.matcher(url).replaceAll("$1" + MASK + "@");
    return QUERY_VALUE.matcher(masked).replaceAll("$1=" + MASK);
  }

  /** The header names of {@code headers}, in their order, each with its value masked. */
  public static Map<String, String> maskValues(Map<String, String> headers) {
    Map<String, String> masked = new LinkedHashMap<>();
    for (String name : headers.keySet()) masked.put(name, MASK);
    return masked;
  }
}
