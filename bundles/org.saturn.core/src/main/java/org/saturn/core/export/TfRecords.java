package org.saturn.core.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard's event files: per record the payload length
 * (uint64, little-endian), the masked CRC32C of those 8 bytes, the payload, the masked CRC32C of
 * the payload.
 */
public final class TfRecords {

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    /** Writes one framed record. */
    public static void write(OutputStream out, byte[] payload) throws IOException {
        out.write(frame(payload));
    }

    /** The framed record's bytes. */
    public static byte[] frame(byte[] payload) {
        byte[] framed = new byte[8 + 4 + payload.length + 4];
        long length = payload.length;
        for (int i = 0; i < 8; i++) {
            framed[i] = (byte) (length >>> (8 * i));
        }
        putInt(framed, 8, maskedCrc32c(framed, 0, 8));
        System.arraycopy(payload, 0, framed, 12, payload.length);
        putInt(framed, 12 + payload.length, maskedCrc32c(payload, 0, payload.length));
        return framed;
    }

    /**
     * TensorFlow's masked CRC32C: rotated right by 15 bits plus a constant, so that a CRC stored
     * inside checksummed data does not checksum to a fixed value.
     */
    public static int maskedCrc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    private static void putInt(byte[] target, int at, int value) {
        for (int i = 0; i < 4; i++) {
            target[at + i] = (byte) (value >>> (8 * i));
        }
    }
}
