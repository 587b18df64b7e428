package dev.meshtrace.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How orphan calls are detected: outbound calls made with no current trace context while this process serves
 * traced requests (see {@link Diagnostics}). Immutable; invalid values are refused when it is created.
 *
 * @param enabled whether calls are checked at all (default true; the check costs one null check on a traced call)
 * @param backgroundThreads threads whose calls are never orphans: an entry ending in {@code .*} names a package
 *     (and its subpackages) found on the call's stack, such as {@code com.example.jobs.*}; any other entry is a
 *     thread-name pattern in which {@code *} matches any characters, such as {@code scheduling-*}
 * @param maxCallSites how many distinct call sites are kept, 1 to {@value #MAX_CALL_SITES_LIMIT} (default
 *     {@value #DEFAULT_MAX_CALL_SITES}); calls at further sites are still counted
 */
public record OrphanCallSettings(boolean enabled, List<String> backgroundThreads, int maxCallSites) {
  /** The default of {@link #maxCallSites}. */
  public static final int DEFAULT_MAX_CALL_SITES = 100;
  /** The largest {@link #maxCallSites} accepted. */
  public static final int MAX_CALL_SITES_LIMIT = 10_000;

  private static final Pattern PACKAGE =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
          + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*\\.\\*");

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException naming the setting when {@code maxCallSites} is out of range or an entry of
   *     {@code backgroundThreads} is blank or a malformed package
   */
  public OrphanCallSettings {
    if (maxCallSites < 1 || maxCallSites > MAX_CALL_SITES_LIMIT) {
      throw new IllegalArgumentException("maxCallSites must be between 1 and " + MAX_CALL_SITES_LIMIT + ", was "
          + maxCallSites);
    }
    List<String> entries = new ArrayList<>();
    for (String entry : Objects.requireNonNull(backgroundThreads, "backgroundThreads")) {
      String trimmed = entry == null ? "" : entry.trim();
      if (trimmed.isEmpty()) throw new IllegalArgumentException("backgroundThreads has a blank entry");
      if (trimmed.endsWith(".*") && !PACKAGE.matcher(trimmed).matches()) {
        throw new IllegalArgumentException("backgroundThreads entry '" + entry
            + "' ends in .* but is not a package name such as com.example.jobs.*");
      }
      entries.add(trimmed);
    }
    backgroundThreads = List.copyOf(entries);
  }

  /** On, no background threads, {@value #DEFAULT_MAX_CALL_SITES} call sites. */
  public static OrphanCallSettings defaults() {
    return new OrphanCallSettings(true, List.of(), DEFAULT_MAX_CALL_SITES);
  }

  /** Detection off: nothing is checked, counted or logged. */
  public static OrphanCallSettings disabled() {
    return new OrphanCallSettings(false, List.of(), DEFAULT_MAX_CALL_SITES);
  }
}
