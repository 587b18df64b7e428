package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

/**
 * Removing and writing headers in an outbound call's metadata: every entry named is removed, whatever the name's case,
 * binary ones too, including one written after an earlier removal, and nothing else is; a write replaces every entry
 * of its name.
 */
class GrpcClientRequestTest {
  static final Metadata.Key<String> B3 = Metadata.Key.of("b3", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TRACE_ID = Metadata.Key.of("x-b3-traceid", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> APP = Metadata.Key.of("x-app", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> TRACE_BIN = Metadata.Key.of("grpc-trace-bin", Metadata.BINARY_BYTE_MARSHALLER);

  final Metadata metadata = new Metadata();
  final GrpcClientRequest request = new GrpcClientRequest(Echo.UNARY, metadata, "ratings:9080");

  @Test
  void removesEveryEntryOfANameWhateverItsCaseAndKeepsTheOthers() {
    metadata.put(TRACE_ID, "0000000000000001");
    metadata.put(TRACE_ID, "0000000000000002");
    metadata.put(APP, "kept");

    request.removeHeader("b3");
    request.removeHeader("X-B3-TraceId");

    assertThat(metadata.keys()).containsExactly("x-app");
    assertThat(metadata.get(APP)).isEqualTo("kept");
  }

  @Test
  void removesABinaryEntry() {
    metadata.put(TRACE_BIN, new byte[] {0, 0, 1});
    metadata.put(APP, "kept");

    request.removeHeader("grpc-trace-bin");

    assertThat(metadata.keys()).containsExactly("x-app");
  }

  @Test
  void removesAnEntryWrittenAfterAnEarlierRemoval() {
    request.removeHeader("b3");
    request.header("b3", "0000000000000001-0000000000000002-1");
    request.removeHeader("b3");

    assertThat(metadata.containsKey(B3)).isFalse();
  }

  @Test
  void writesReplaceEveryEntryOfTheName() {
    metadata.put(TRACE_ID, "0000000000000001");

    request.header("x-b3-traceid", "0000000000000003");

    assertThat(metadata.getAll(TRACE_ID)).containsExactly("0000000000000003");
  }
}
