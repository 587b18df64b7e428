package dev.meshtrace;

/** The role of a span in a remote call, as Zipkin models it. */
public enum SpanKind {
  CLIENT,
  SERVER,
  PRODUCER,
  CONSUMER
}
