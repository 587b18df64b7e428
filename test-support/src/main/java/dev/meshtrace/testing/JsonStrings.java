package dev.meshtrace.testing;

import java.util.ArrayList;
import java.util.List;

/** Parses a JSON array of strings, the shape of Zipkin's name-listing endpoints. */
final class JsonStrings {
  private JsonStrings() {}

  /** The strings of {@code json}, e.g. {@code ["a","b"]}; throws IllegalArgumentException on anything else. */
  static List<String> parseArray(String json) {
    List<String> result = new ArrayList<>();
    int i = skipWhitespace(json, 0);
    i = expect(json, i, '[');
    i = skipWhitespace(json, i);
    boolean empty = i < json.length() && json.charAt(i) == ']';
    while (!empty) {
      i = expect(json, skipWhitespace(json, i), '"');
      StringBuilder value = new StringBuilder();
      i = readString(json, i, value);
      result.add(value.toString());
      i = skipWhitespace(json, i);
      if (i < json.length() && json.charAt(i) == ']') break;
      i = expect(json, i, ',');
    }
    // i is at the closing bracket
    if (skipWhitespace(json, i + 1) != json.length()) throw malformed(json);
    return List.copyOf(result);
  }

  /** Reads the rest of a string whose opening quote is before {@code i}; returns the index after its closing quote. */
  private static int readString(String json, int i, StringBuilder out) {
    while (i < json.length()) {
      char c = json.charAt(i++);
      if (c == '"') return i;
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= json.length()) break;
      char escaped = json.charAt(i++);
      switch (escaped) {
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'u':
          if (i + 4 > json.length()) throw malformed(json);
          out.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
          i += 4;
          break;
        default: out.append(escaped); // \" \\ \/
      }
    }
    throw malformed(json);
  }

  private static int expect(String json, int i, char c) {
    if (i >= json.length() || json.charAt(i) != c) throw malformed(json);
    return i + 1;
  }

  private static int skipWhitespace(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) i++;
    return i;
  }

  private static IllegalArgumentException malformed(String json) {
    return new IllegalArgumentException("Not a JSON array of strings: " + json);
  }
}
