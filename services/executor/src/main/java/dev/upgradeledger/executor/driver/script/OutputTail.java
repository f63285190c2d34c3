package dev.upgradeledger.executor.driver.script;

import java.nio.charset.StandardCharsets;

/** The last bytes written to it, up to a capacity, and how many came before them. Safe for several writers. */
final class OutputTail {

    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes) {
        int skipped = Math.max(0, bytes.length - ring.length);
        written += skipped;
        for (int i = skipped; i < bytes.length; i++) {
            ring[(int) (written % ring.length)] = bytes[i];
            written++;
        }
    }

    /** The kept bytes as text, after a {@code [... N bytes truncated]} line when earlier bytes were dropped. */
    synchronized String text() {
        int kept = (int) Math.min(written, ring.length);
        long first = written - kept;
        int skip = 0;
        while (first > 0 && skip < kept && isContinuationByte(ring[(int) ((first + skip) % ring.length)])) {
            skip++;
        }
        byte[] bytes = new byte[kept - skip];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = ring[(int) ((first + skip + i) % ring.length)];
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        long truncated = first + skip;
        return truncated == 0 ? text : "[... " + truncated + " bytes truncated]\n" + text;
    }

    private static boolean isContinuationByte(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
