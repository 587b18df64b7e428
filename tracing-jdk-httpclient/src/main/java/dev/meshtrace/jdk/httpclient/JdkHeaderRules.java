package dev.meshtrace.jdk.httpclient;

import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which headers one traced client can send unchanged, and how many it could not. Names are checked by the JDK
 * itself, once per name (its restricted names depend on {@code jdk.httpclient.allowRestrictedHeaders}); the names
 * tracing writes come from its configuration, so a small cache holds them all. Values must be visible ASCII, spaces
 * or tabs: the JDK refuses control characters and writes HTTP/1.1 headers as US-ASCII.
 */
final class JdkHeaderRules {
  private static final Logger LOG = Logger.getLogger(JdkHeaderRules.class.getName());
  private static final int MAX_CACHED_NAMES = 256;

  private final Map<String, Boolean> acceptedNames = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  /** Whether {@code name: value} can be sent; when not, the refusal is counted and logged. */
  boolean allows(String name, String value) {
    if (!isAcceptedName(name)) {
      refuse(name, "the JDK refuses the name (restricted, or not a token)");
      return false;
    }
    if (!isSendableValue(value)) {
      refuse(name, "its value holds a control character or a byte beyond ASCII");
      return false;
    }
    return true;
  }

  /** How many headers were left out so far. */
  long refused() {
    return refused.sum();
  }

  private void refuse(String name, String why) {
    refused.increment();
    LOG.log(Level.FINE, "The JDK HttpClient cannot send header {0}; it is not forwarded: {1}",
        new Object[] {name, why});
  }

  private boolean isAcceptedName(String name) {
    Boolean accepted = acceptedNames.get(name);
    if (accepted != null) return accepted;
    boolean verdict = askTheJdk(name);
    if (acceptedNames.size() < MAX_CACHED_NAMES) acceptedNames.put(name, verdict);
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

  private static boolean isSendableValue(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      // ' ' (0x20) to '~' (0x7e) in one unsigned comparison: below ' ', c - ' ' wraps to a large char.
      if ((char) (c - ' ') > '~' - ' ' && c != '\t') return false;
    }
    return true;
  }
}
