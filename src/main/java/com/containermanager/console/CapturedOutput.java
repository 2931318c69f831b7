package com.containermanager.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** One output stream of a command, kept up to a cap; what comes past it is counted as cut, not stored. */
final class CapturedOutput {

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final long cap;
    private boolean truncated;

    CapturedOutput(long cap) {
        this.cap = cap;
    }

    void append(byte[] data, int offset, int length) {
        int room = (int) Math.max(0, Math.min(length, cap - kept.size()));
        kept.write(data, offset, room);
        if (room < length) {
            truncated = true;
        }
    }

    boolean truncated() {
        return truncated;
    }

    /** The kept bytes as UTF-8; a character cut at the cap is dropped rather than shown as garbage. */
    String text() {
        byte[] bytes = kept.toByteArray();
        int end = bytes.length;
        if (truncated) {
            int start = end;
            while (start > 0 && start > end - 4 && (bytes[start - 1] & 0xC0) == 0x80) {
                start--;
            }
            if (start > 0 && (bytes[start - 1] & 0x80) != 0) {
                int lead = bytes[start - 1] & 0xff;
                int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
                if (end - (start - 1) < needed) {
                    end = start - 1;
                }
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
