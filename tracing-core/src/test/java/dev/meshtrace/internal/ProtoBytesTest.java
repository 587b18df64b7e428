package dev.meshtrace.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The protobuf wire primitives the span writers share, byte for byte as the protobuf encoding specifies them. */
class ProtoBytesTest {
  /** A writer sized by the test. */
  static final class Writer extends ProtoBytes {
    Writer(int size) {
      allocate(size);
    }
  }

  @ParameterizedTest
  @CsvSource({"0,1", "127,1", "128,2", "16383,2", "16384,3", "2097151,3", "2097152,4", "9223372036854775807,9",
      "-1,10"})
  void varintSizes(long value, int size) {
    assertThat(ProtoBytes.varintSize(value)).isEqualTo(size);
    Writer writer = new Writer(size);
    writer.varint(value);
    assertThat(writer.bytes()).hasSize(size);
    assertThat(writer.bytes()[size - 1] & 0x80).as("the last byte ends the varint").isZero();
  }

  @Test
  void fieldsAsTheWireFormatSpecifiesThem() {
    String text = "\u00e9t\u00e9";
    int size = 3 + 9 + 9 + ProtoBytes.stringFieldSize(text) + ProtoBytes.stringFieldSize("ab") + 4
        + ProtoBytes.stringFieldSize("x");
    Writer writer = new Writer(size);
    writer.key(1, ProtoBytes.VARINT);
    writer.varint(300);
    writer.key(2, ProtoBytes.FIXED64);
    writer.fixedLittleEndian(0x0102030405060708L);
    writer.key(3, ProtoBytes.FIXED64);
    writer.fixedBigEndian(0x0102030405060708L);
    writer.stringField(4, text);
    writer.asciiField(5, "ab");
    writer.raw(new byte[] {0x30, 0x01, 0x38, 0x00});
    writer.stringField(8, "x", 1);

    assertThat(writer.bytes()).containsExactly(
        0x08, 0xac, 0x02,
        0x11, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
        0x19, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0x22, 0x05, 0xc3, 0xa9, 't', 0xc3, 0xa9,
        0x2a, 0x02, 'a', 'b',
        0x30, 0x01, 0x38, 0x00,
        0x42, 0x01, 'x');
  }

  @Test
  void delimitedSizesCountKeyLengthAndContent() {
    assertThat(ProtoBytes.delimitedSize(0)).isEqualTo(2);
    assertThat(ProtoBytes.delimitedSize(127)).isEqualTo(129);
    assertThat(ProtoBytes.delimitedSize(128)).isEqualTo(131);
    assertThat(ProtoBytes.stringFieldSize("\u20ac")).isEqualTo(5);
    assertThat(ProtoBytes.stringFieldSize("a".repeat(200))).isEqualTo(203);
  }
}
