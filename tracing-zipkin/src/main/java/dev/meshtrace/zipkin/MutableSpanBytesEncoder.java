package dev.meshtrace.zipkin;

import dev.meshtrace.MutableSpan;
import zipkin2.reporter.BytesEncoder;
import zipkin2.reporter.Encoding;

/**
 * Encodes a finished {@link MutableSpan} straight into Zipkin's wire formats, without building a
 * {@code zipkin2.Span} first. Used by {@link ZipkinSpanHandler}; usable with any zipkin-reporter sender.
 */
public enum MutableSpanBytesEncoder implements BytesEncoder<MutableSpan> {
  /** Zipkin v2 JSON: one span object; a message is a JSON array of them. */
  JSON_V2 {
    @Override
    public Encoding encoding() {
      return Encoding.JSON;
    }

    @Override
    public int sizeInBytes(MutableSpan span) {
      return JsonV2Writer.sizeInBytes(span);
    }

    @Override
    public byte[] encode(MutableSpan span) {
      return JsonV2Writer.encode(span);
    }
  },
  /** Zipkin's proto3 {@code ListOfSpans} with this one span: encoded spans concatenate into a message. */
  PROTO3 {
    @Override
    public Encoding encoding() {
      return Encoding.PROTO3;
    }

    @Override
    public int sizeInBytes(MutableSpan span) {
      return Proto3Writer.sizeInBytes(span);
    }

    @Override
    public byte[] encode(MutableSpan span) {
      return Proto3Writer.encode(span);
    }
  };

  /**
   * The encoder for {@code encoding}.
   *
   * @throws IllegalArgumentException for an encoding we do not write
   */
  public static MutableSpanBytesEncoder forEncoding(Encoding encoding) {
    for (MutableSpanBytesEncoder encoder : values()) {
      if (encoder.encoding() == encoding) return encoder;
    }
    throw new IllegalArgumentException("encoding " + encoding + " is not supported; use JSON or PROTO3");
  }
}
