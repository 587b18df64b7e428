package dev.meshtrace.reporting;

import zipkin2.reporter.BytesMessageSender;

/**
 * A sender whose backend may accept a message but reject some of its spans (OTLP's partial success). The reporter
 * asks after each message it sent and counts those spans as {@link DropCause#REJECTED}.
 */
public interface PartialSuccessSender extends BytesMessageSender {
  /** Spans the backend rejected in the message the last {@link #send} call delivered, 0 for none. */
  long rejectedInLastMessage();
}
