package org.saturn.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The TFRecord framing and TensorFlow's masked CRC32C against bytes that TensorBoard's own writer produced. */
class TfRecordsTest {

    @Test
    void framingMatchesTensorBoardsRecordWriter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TfRecords.write(out, "saturn".getBytes(StandardCharsets.US_ASCII));
        TfRecords.write(out, new byte[0]);
        // tensorboard.summary.writer.record_writer.RecordWriter: write(b"saturn"); write(b"")
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(
                "06000000000000007369d53773617475726ecac06436" + "000000000000000029039807d8ea82a2");
    }

    @Test
    void maskedCrcIsTensorFlows() {
        byte[] saturn = "saturn".getBytes(StandardCharsets.US_ASCII);
        assertThat(TfRecords.maskedCrc32c(saturn, 0, saturn.length)).isEqualTo(0x3664c0ca);
        // the unmasked CRC32C of "123456789" is the standard check value 0xE3069283
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        int crc = 0xE3069283;
        assertThat(TfRecords.maskedCrc32c(check, 0, check.length)).isEqualTo(((crc >>> 15) | (crc << 17)) + 0xa282ead8);
    }

    @Test
    void protoVarintsAndFixedFieldsAreWireFormat() {
        byte[] bytes = new ProtoWriter().varint(2, 300).fixedFloat(2, 1f).string(1, "a").toByteArray();
        // field 2 varint 300 = 10 ac 02; field 2 fixed32 1.0f = 15 0000803f; field 1 "a" = 0a 01 61
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("10ac02" + "150000803f" + "0a0161");
    }
}
