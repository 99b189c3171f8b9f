package dev.pgtrickle.test.harness.seed;

/**
 * Strict UTF-8 validation of a byte range, as Java's decoder with {@code CodingErrorAction.REPORT} judges it: no
 * overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequences. Checked on bytes so that a seed file
 * never has to be decoded as a whole.
 */
final class Utf8 {

    private Utf8() {}

    /** The number of bytes a sequence starting with {@code lead} claims; 1 for ASCII and for invalid lead bytes. */
    static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        if (b >= 0xF0 && b <= 0xF4) {
            return 4;
        }
        if (b >= 0xE0) {
            return b <= 0xEF ? 3 : 1;
        }
        return b >= 0xC2 ? 2 : 1;
    }

    /** The index of the first byte of the first malformed sequence in {@code [from, to)}, or -1 when all is valid. */
    static int firstMalformed(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            int length = validSequence(bytes, i, to);
            if (length == 0) {
                return i;
            }
            i += length;
        }
        return -1;
    }

    /** The length of the valid sequence at {@code at}, or 0 when it is malformed. */
    private static int validSequence(byte[] bytes, int at, int to) {
        int b0 = bytes[at] & 0xFF;
        if (b0 < 0xC2 || b0 > 0xF4) {
            return 0;
        }
        int length = sequenceLength(bytes[at]);
        if (at + length > to) {
            return 0;
        }
        int b1 = bytes[at + 1] & 0xFF;
        int low = 0x80;
        int high = 0xBF;
        if (b0 == 0xE0) {
            low = 0xA0; // overlong
        } else if (b0 == 0xED) {
            high = 0x9F; // surrogates
        } else if (b0 == 0xF0) {
            low = 0x90; // overlong
        } else if (b0 == 0xF4) {
            high = 0x8F; // above U+10FFFF
        }
        if (b1 < low || b1 > high) {
            return 0;
        }
        for (int i = 2; i < length; i++) {
            if ((bytes[at + i] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return length;
    }
}
