package dev.meshtrace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what one class logs through {@code java.util.logging}, instead of printing it, until closed. */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    logger.setUseParentHandlers(false);
    logger.addHandler(this);
  }

  /** Starts capturing the logger named after {@code type}. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture(Logger.getLogger(type.getName()));
  }

  /** The records logged so far. */
  public List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(true);
  }
}
