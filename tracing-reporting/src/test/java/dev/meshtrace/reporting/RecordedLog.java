package dev.meshtrace.reporting;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A logger of its own whose records the test reads back, in the order they were logged. */
final class RecordedLog {
  final Logger logger = Logger.getAnonymousLogger();
  final List<LogRecord> records = new CopyOnWriteArrayList<>();

  RecordedLog() {
    logger.setUseParentHandlers(false);
    logger.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  /** The messages logged so far. */
  List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }
}
