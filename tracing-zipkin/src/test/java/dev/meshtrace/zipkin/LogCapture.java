package dev.meshtrace.zipkin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what a logger publishes at {@code level} and above, until closed. */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger, Level level) {
    this.logger = logger;
    setLevel(level);
  }

  static LogCapture of(String loggerName, Level level) {
    Logger logger = Logger.getLogger(loggerName);
    LogCapture capture = new LogCapture(logger, level);
    logger.addHandler(capture);
    return capture;
  }

  List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
