package dev.meshtrace.reporting;

import java.util.List;
import zipkin2.reporter.BytesMessageSender;

/**
 * A sender whose request wraps the list of encoded spans in an envelope the reporter does not know of (OTLP/JSON's
 * object around its {@code resourceSpans} array). The reporter fills its messages in the bare list's terms, so such a
 * sender gives {@link #messageMaxBytes()} and both {@code messageSizeInBytes} in those terms (its bound less the
 * envelope), and the request's own size here, for the bytes counted as sent.
 */
public interface EnvelopedSender extends BytesMessageSender {
  /** Bytes of the request that carries {@code encodedSpans}, envelope included, before compression. */
  int requestSizeInBytes(List<byte[]> encodedSpans);
}
