package dev.meshtrace.otlp.internal;

import dev.meshtrace.reporting.EnvelopedSender;
import dev.meshtrace.reporting.PartialSuccessSender;
import dev.meshtrace.reporting.SendFailure;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * The zipkin-reporter sender of OTLP: joins the encoded spans into a request and exports it once through a
 * {@link Transport}. A failed export throws a {@link SendFailure} saying whether the OTLP rules allow a retry (the
 * reporting core retries); spans a collector rejected in an accepted request are counted by the reporter
 * ({@link #rejectedInLastMessage}). Sizes are given in the reporter's terms, the bare list of spans, with the bound
 * less what the request adds around it (OTLP/JSON's object), so that {@code messageMaxBytes} bounds the request.
 */
public final class OtlpSender extends BytesMessageSender.Base implements PartialSuccessSender, EnvelopedSender {
  private static final Logger LOG = Logger.getLogger(OtlpSender.class.getName());

  private final Transport transport;
  private final boolean json;
  private final int messageMaxBytes;
  private long rejectedInLastMessage; // only the reporter thread sends

  OtlpSender(Transport transport, boolean json, int messageMaxBytes) {
    super(json ? Encoding.JSON : Encoding.PROTO3);
    this.transport = transport;
    this.json = json;
    this.messageMaxBytes = messageMaxBytes;
  }

  @Override
  public int messageMaxBytes() {
    return messageMaxBytes - (OtlpMessages.sizeInBytes(json, 1, 0) - encoding.listSizeInBytes(0));
  }

  @Override
  public int requestSizeInBytes(List<byte[]> encodedSpans) {
    return OtlpMessages.sizeInBytes(json, encodedSpans);
  }

  /** One attempt; the reporting core retries a {@link SendFailure} that says it may. */
  @Override
  public void send(List<byte[]> encodedSpans) throws IOException {
    rejectedInLastMessage = 0;
    if (encodedSpans.isEmpty()) return;
    ExportResult result = transport.export(OtlpMessages.request(json, encodedSpans));
    if (!result.accepted()) {
      throw new SendFailure(result.message(), result.retryable(), result.retryAfterNanos());
    }
    rejectedInLastMessage = result.rejectedSpans();
    if (rejectedInLastMessage > 0) {
      LOG.fine(() -> transport + " rejected " + rejectedInLastMessage + " spans: " + result.message());
    }
  }

  @Override
  public long rejectedInLastMessage() {
    return rejectedInLastMessage;
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return transport.toString();
  }
}
