package dev.meshtrace.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Logs a record even while the JVM shuts down. The JDK's {@code LogManager} resets every logger from a shutdown hook
 * of its own, concurrently with the application's hooks (which close the reporter), so a line logged there is
 * usually lost. During shutdown the record goes straight to the handlers the logger has at that moment or, once
 * they were reset, to {@code System.err} in the JDK's default format.
 */
final class ShutdownLogging {
  private ShutdownLogging() {}

  static void log(Logger logger, LogRecord record) {
    if (!logger.isLoggable(record.getLevel())) return;
    if (!shuttingDown()) {
      logger.log(record);
      return;
    }
    Filter filter = logger.getFilter();
    if (filter != null && !filter.isLoggable(record)) return;
    List<Handler> handlers = handlers(logger);
    if (handlers.isEmpty()) {
      System.err.print(new SimpleFormatter().format(record));
      System.err.flush();
      return;
    }
    for (Handler handler : handlers) {
      handler.publish(record);
      handler.flush();
    }
  }

  /** The handlers {@code logger} publishes to: its own and its parents', as far as parents are used. */
  private static List<Handler> handlers(Logger logger) {
    List<Handler> result = new ArrayList<>();
    for (Logger current = logger; current != null; current = current.getParent()) {
      result.addAll(List.of(current.getHandlers()));
      if (!current.getUseParentHandlers()) break;
    }
    return result;
  }

  /** True once the JVM has begun to shut down: shutdown hooks can no longer be added. */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
