package dev.meshtrace.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The OpenCensus binary format of {@code grpc-trace-bin}: exact round trips, and no input that throws. */
class GrpcTraceBinCodecPropertyTest {
  static final Base64.Encoder PADDED = Base64.getEncoder();

  /** The W3C example IDs in the binary format: version, field 0 + trace ID, field 1 + span ID, field 2 + options. */
  static final byte[] EXAMPLE = {0, 0, 75, -7, 47, 53, 119, -77, 77, -90, -93, -50, -110, -99, 14, 14, 71, 54,
      1, 0, -16, 103, -86, 11, -87, 2, -73, 2, 1};

  @Example
  void readsTheFormatsFields() {
    ParsedContext parsed = new ParsedContext();
    assertThat(GrpcTraceBinCodec.parse(PADDED.encodeToString(EXAMPLE), parsed)).isTrue();
    assertThat(Long.toHexString(parsed.traceIdHigh)).isEqualTo("4bf92f3577b34da6");
    assertThat(Long.toHexString(parsed.traceId)).isEqualTo("a3ce929d0e0e4736");
    assertThat(Long.toHexString(parsed.spanId)).isEqualTo("f067aa0ba902b7");
    assertThat(parsed.sampled).isTrue();
    assertThat(parsed.wide).isTrue();
  }

  @Example
  void writesTheFormatInGrpcsTextFormBase64WithoutPadding() {
    String encoded = GrpcTraceBinCodec.encode(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0xf067aa0ba902b7L, true);
    assertThat(encoded).doesNotContain("=");
    assertThat(Base64.getDecoder().decode(encoded)).containsExactly(EXAMPLE);
  }

  @Example
  void withoutTheOptionsFieldThereIsNoDecisionAndLaterFieldsAreIgnored() {
    ParsedContext parsed = new ParsedContext();
    assertThat(GrpcTraceBinCodec.parse(encode(Arrays.copyOf(EXAMPLE, 27)), parsed)).isTrue();
    assertThat(parsed.sampled).isNull();
    byte[] longer = Arrays.copyOf(EXAMPLE, 33);
    longer[29] = 3; // a field a later version might add
    assertThat(GrpcTraceBinCodec.parse(encode(longer), parsed)).isTrue();
    assertThat(parsed.sampled).isTrue();
    byte[] unsampled = EXAMPLE.clone();
    unsampled[28] = 2; // bit 0 clear: not sampled, whatever the other bits say
    assertThat(GrpcTraceBinCodec.parse(encode(unsampled), parsed)).isTrue();
    assertThat(parsed.sampled).isFalse();
  }

  @Example
  void malformedValuesAreRejected() {
    assertThat(rejects(new byte[0])).isTrue();
    assertThat(rejects(Arrays.copyOf(EXAMPLE, 26))).as("truncated span ID").isTrue();
    assertThat(rejects(Arrays.copyOf(EXAMPLE, 28))).as("options field without its byte").isTrue();
    assertThat(rejects(with(0, (byte) 1))).as("version 1").isTrue();
    assertThat(rejects(with(1, (byte) 1))).as("span ID where the trace ID belongs").isTrue();
    assertThat(rejects(with(18, (byte) 2))).as("no span ID field").isTrue();
    byte[] zeroTrace = EXAMPLE.clone();
    Arrays.fill(zeroTrace, 2, 18, (byte) 0);
    assertThat(rejects(zeroTrace)).as("zero trace ID").isTrue();
    byte[] zeroSpan = EXAMPLE.clone();
    Arrays.fill(zeroSpan, 19, 27, (byte) 0);
    assertThat(rejects(zeroSpan)).as("zero span ID").isTrue();
    ParsedContext parsed = new ParsedContext();
    assertThat(GrpcTraceBinCodec.parse("not base64!", parsed)).isFalse();
    assertThat(GrpcTraceBinCodec.parse("A".repeat(300), parsed)).as("too long to be a context").isFalse();
    assertThat(parsed.hasIds()).as("a rejected value changes nothing").isFalse();
  }

  @Property
  void everyContextRoundTripsExactly(@ForAll long high, @ForAll long low, @ForAll long spanId,
      @ForAll boolean sampled) {
    Assume.that((high != 0 || low != 0) && spanId != 0);
    String encoded = GrpcTraceBinCodec.encode(high, low, spanId, sampled);
    ParsedContext parsed = new ParsedContext();

    assertThat(GrpcTraceBinCodec.parse(encoded, parsed)).isTrue();
    assertThat(new long[] {parsed.traceIdHigh, parsed.traceId, parsed.spanId})
        .containsExactly(high, low, spanId);
    assertThat(parsed.sampled).isEqualTo(sampled);
    assertThat(GrpcTraceBinCodec.parse(PADDED.encodeToString(Base64.getDecoder().decode(encoded)), parsed))
        .as("padded base64 reads the same").isTrue();
  }

  @Property
  void anyBytesAreReadWithoutThrowingAndWhatIsAcceptedReEncodesToTheSameFields(
      @ForAll @Size(max = 40) byte[] bytes) {
    ParsedContext parsed = new ParsedContext();
    if (!GrpcTraceBinCodec.parse(encode(bytes), parsed)) return;
    byte[] reEncoded = Base64.getDecoder().decode(
        GrpcTraceBinCodec.encode(parsed.traceIdHigh, parsed.traceId, parsed.spanId, Boolean.TRUE.equals(parsed.sampled)));
    assertThat(Arrays.copyOf(bytes, 27)).containsExactly(Arrays.copyOf(reEncoded, 27));
    if (parsed.sampled != null) assertThat(bytes[28] & 1).isEqualTo(reEncoded[28]);
  }

  @Property
  void anyTextIsReadWithoutThrowing(@ForAll String text) {
    GrpcTraceBinCodec.parse(text, new ParsedContext());
  }

  @Property
  void validValuesWithAnyByteChangedInTheRequiredFieldsStillNeverThrow(
      @ForAll("indexes") int index, @ForAll byte replacement) {
    GrpcTraceBinCodec.parse(encode(with(index, replacement)), new ParsedContext());
  }

  @Provide
  Arbitrary<Integer> indexes() {
    return Arbitraries.integers().between(0, EXAMPLE.length - 1);
  }

  static boolean rejects(byte[] bytes) {
    return !GrpcTraceBinCodec.parse(encode(bytes), new ParsedContext());
  }

  static byte[] with(int index, byte value) {
    byte[] copy = EXAMPLE.clone();
    copy[index] = value;
    return copy;
  }

  static String encode(byte[] bytes) {
    return PADDED.encodeToString(bytes);
  }
}
