package dev.meshtrace.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * gRPC metadata as the tracing layer reads and writes it: what an inbound call's propagation headers read as, and
 * what the next hop receives once a header is written.
 */
class GrpcMetadataTest {
  static final Metadata.Key<String> BAGGAGE = Metadata.Key.of("baggage", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> TRACE_BIN = Metadata.Key.of("grpc-trace-bin", Metadata.BINARY_BYTE_MARSHALLER);

  @Test
  void repeatedEntriesReadAsOneCommaSeparatedValue() {
    Metadata metadata = new Metadata();
    assertThat(GrpcMetadata.getAll(metadata, "baggage")).as("absent").isNull();
    metadata.put(BAGGAGE, "a=1");
    assertThat(GrpcMetadata.getAll(metadata, "baggage")).isEqualTo("a=1");
    metadata.put(BAGGAGE, "b=2");
    metadata.put(BAGGAGE, "c=3");
    assertThat(GrpcMetadata.getAll(metadata, "baggage")).isEqualTo("a=1,b=2,c=3");
    assertThat(GrpcMetadata.get(metadata, "baggage")).as("gRPC's Metadata.get: the last").isEqualTo("c=3");
  }

  @Test
  void binaryEntriesReadInGrpcsTextFormAndTravelAsTheirBytes() {
    Metadata metadata = new Metadata();
    byte[] first = {0, 1, 2, (byte) 0xff};
    byte[] second = "x".getBytes(StandardCharsets.US_ASCII);
    metadata.put(TRACE_BIN, first);
    metadata.put(TRACE_BIN, second);

    assertThat(GrpcMetadata.getAll(metadata, "grpc-trace-bin")).isEqualTo("AAEC/w,eA");
    assertThat(GrpcMetadata.get(metadata, "grpc-trace-bin")).isEqualTo("eA");

    GrpcMetadata.put(metadata, "grpc-trace-bin", Base64.getEncoder().encodeToString(second));
    assertThat(metadata.getAll(TRACE_BIN)).singleElement().isEqualTo(second);
  }

  @Test
  void writingAHeaderReplacesEveryValueTheApplicationSet() {
    Metadata metadata = new Metadata();
    metadata.put(BAGGAGE, "stale=1");
    metadata.put(BAGGAGE, "stale=2");

    GrpcMetadata.put(metadata, "baggage", "fresh=1");

    assertThat(metadata.getAll(BAGGAGE)).containsExactly("fresh=1");
  }

  @Test
  void namesSeenForTheFirstTimeReadAndWrite() {
    // Names not asked for before (the key cache has no entry yet), ASCII and binary.
    String ascii = "x-" + UUID.randomUUID();
    String binary = "x-" + UUID.randomUUID() + "-bin";
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of(ascii, Metadata.ASCII_STRING_MARSHALLER), "v");
    assertThat(GrpcMetadata.get(metadata, ascii)).isEqualTo("v");
    GrpcMetadata.put(metadata, binary, "AAE");
    assertThat(metadata.get(Metadata.Key.of(binary, Metadata.BINARY_BYTE_MARSHALLER))).containsExactly(0, 1);
  }

  @Test
  void namesSeenForTheFirstTimeAreRemoved() {
    // Names not asked for before, so the key made for each must have its own marshaller.
    Metadata.Key<String> ascii = Metadata.Key.of("x-" + UUID.randomUUID(), Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<byte[]> binary = Metadata.Key.of("x-" + UUID.randomUUID() + "-bin", Metadata.BINARY_BYTE_MARSHALLER);
    Metadata metadata = new Metadata();
    metadata.put(ascii, "v");
    metadata.put(binary, new byte[] {1});
    metadata.put(BAGGAGE, "kept=1");

    GrpcMetadata.removeAll(metadata, ascii.name());
    GrpcMetadata.removeAll(metadata, binary.name());

    assertThat(metadata.keys()).containsExactly("baggage");
  }

  @Test
  void moreNamesThanTheCacheHoldsStillWork() {
    Metadata metadata = new Metadata();
    for (int i = 0; i < 300; i++) {
      String name = "x-many-" + i + "-" + UUID.randomUUID();
      GrpcMetadata.put(metadata, name, "v" + i);
      assertThat(GrpcMetadata.getAll(metadata, name)).isEqualTo("v" + i);
    }
  }
}
