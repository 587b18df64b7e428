package dev.meshtrace.examples.bookinfo.demo;

/** The demo could not start or reach Zipkin; the message says why, in words for the user. */
final class ZipkinUnavailableException extends Exception {
  ZipkinUnavailableException(String message) {
    super(message);
  }
}
