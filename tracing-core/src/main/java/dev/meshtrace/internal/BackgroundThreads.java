package dev.meshtrace.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Which threads are background work, from the entries of {@code OrphanCallSettings.backgroundThreads}. */
final class BackgroundThreads {
  private final Pattern threadNames;
  private final String[] packagePrefixes;

  BackgroundThreads(List<String> entries) {
    List<String> prefixes = new ArrayList<>();
    StringBuilder names = new StringBuilder();
    for (String entry : entries) {
      if (entry.endsWith(".*")) {
        prefixes.add(entry.substring(0, entry.length() - 1)); // keeps the dot: com.example.jobs.
        continue;
      }
      if (names.length() > 0) names.append('|');
      for (String literal : entry.split("\\*", -1)) names.append(Pattern.quote(literal)).append(".*");
      names.setLength(names.length() - 2); // the last literal has no * after it
    }
    this.threadNames = names.length() == 0 ? null : Pattern.compile(names.toString());
    this.packagePrefixes = prefixes.toArray(new String[0]);
  }

  /** Whether a thread of this name is background work. */
  boolean matchesThread(String name) {
    return threadNames != null && threadNames.matcher(name).matches();
  }

  /** Whether {@code className} is in a background package. */
  boolean matchesClass(String className) {
    for (String prefix : packagePrefixes) {
      if (className.startsWith(prefix)) return true;
    }
    return false;
  }

  boolean hasPackages() {
    return packagePrefixes.length > 0;
  }
}
