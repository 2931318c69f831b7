package com.containermanager.console;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One output stream of a command, kept up to a cap; what comes past it is counted as cut, not stored. Kept in
 * chunks, so that growing never copies what is kept, and read back as text without a copy of the whole (the answer
 * is written from it as it is read): at most the cap is held per stream, which the memory budget counts on.
 */
final class CapturedOutput {

    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private final long cap;
    private int size;
    private boolean truncated;

    CapturedOutput(long cap) {
        this.cap = cap;
    }

    void append(byte[] data, int offset, int length) {
        int room = (int) Math.max(0, Math.min(length, cap - size));
        if (room < length) {
            truncated = true;
        }
        int from = offset;
        int left = room;
        while (left > 0) {
            int used = size % CHUNK;
            if (used == 0) {
                chunks.add(new byte[(int) Math.min(CHUNK, cap - size)]);
            }
            byte[] last = chunks.getLast();
            int n = Math.min(left, last.length - used);
            System.arraycopy(data, from, last, used, n);
            size += n;
            from += n;
            left -= n;
        }
    }

    boolean truncated() {
        return truncated;
    }

    /** The kept bytes as UTF-8 text; a character cut at the cap is dropped rather than shown as garbage. */
    Reader text() {
        int end = truncated ? size - cutCharacter() : size;
        List<InputStream> parts = new ArrayList<>();
        int left = end;
        for (byte[] chunk : chunks) {
            if (left <= 0) {
                break;
            }
            int n = Math.min(left, chunk.length);
            parts.add(new ByteArrayInputStream(chunk, 0, n));
            left -= n;
        }
        return new InputStreamReader(new SequenceInputStream(Collections.enumeration(parts)), StandardCharsets.UTF_8);
    }

    /** How many bytes at the end belong to a character the cap cut in two (0 to 3). */
    private int cutCharacter() {
        int start = size;
        while (start > 0 && start > size - 4 && (byteAt(start - 1) & 0xC0) == 0x80) {
            start--;
        }
        if (start > 0 && (byteAt(start - 1) & 0x80) != 0) {
            int lead = byteAt(start - 1) & 0xff;
            int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (size - (start - 1) < needed) {
                return size - (start - 1);
            }
        }
        return 0;
    }

    private byte byteAt(int index) {
        return chunks.get(index / CHUNK)[index % CHUNK];
    }
}
