package dev.meshtrace.jdk.httpclient;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which headers the JDK HttpClient sends unchanged. Names are checked by the JDK itself, once per name (its
 * restricted names depend on {@code jdk.httpclient.allowRestrictedHeaders}); the names tracing writes come from its
 * configuration, so a small cache holds them all. Values must be visible ASCII, spaces or tabs: the JDK refuses
 * control characters and writes HTTP/1.1 headers as US-ASCII.
 */
final class JdkHeaderRules {
  private static final int MAX_CACHED_NAMES = 256;
  private static final Map<String, Boolean> ACCEPTED_NAMES = new ConcurrentHashMap<>();

  private JdkHeaderRules() {}

  static boolean isAcceptedName(String name) {
    Boolean accepted = ACCEPTED_NAMES.get(name);
    if (accepted != null) return accepted;
    boolean verdict = askTheJdk(name);
    if (ACCEPTED_NAMES.size() < MAX_CACHED_NAMES) ACCEPTED_NAMES.put(name, verdict);
    return verdict;
  }

  private static boolean askTheJdk(String name) {
    try {
      HttpRequest.newBuilder().setHeader(name, "0");
      return true;
    } catch (IllegalArgumentException refused) {
      return false;
    }
  }

  static boolean isSendableValue(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      // ' ' (0x20) to '~' (0x7e) in one unsigned comparison: below ' ', c - ' ' wraps to a large char.
      if ((char) (c - ' ') > '~' - ' ' && c != '\t') return false;
    }
    return true;
  }
}
