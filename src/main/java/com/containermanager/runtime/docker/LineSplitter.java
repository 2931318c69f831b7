package com.containermanager.runtime.docker;

import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.OutputKind;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts decoded output into lines, one partial line per stream (frames need not end at line ends, and stdout and
 * stderr interleave). A line longer than the limit is handed on in pieces, so that memory stays bounded whatever
 * the container prints. A trailing carriage return (a TTY's line end) is dropped; with timestamps, the engine's
 * RFC 3339 time that starts each line is split off.
 */
final class LineSplitter {

    private final int maxLineBytes;
    private final boolean timestamps;
    private final Consumer<LogLine> consumer;
    private final Map<OutputKind, Partial> partials = new EnumMap<>(OutputKind.class);

    LineSplitter(int maxLineBytes, boolean timestamps, Consumer<LogLine> consumer) {
        this.maxLineBytes = maxLineBytes;
        this.timestamps = timestamps;
        this.consumer = consumer;
    }

    void accept(OutputKind stream, byte[] data, int offset, int length) {
        Partial partial = partials.computeIfAbsent(stream, s -> new Partial(Math.min(maxLineBytes, 1024)));
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            if (b == '\n') {
                emit(stream, partial);
            } else {
                partial.append(b);
                if (partial.length >= maxLineBytes) {
                    emit(stream, partial);
                }
            }
        }
    }

    /** At the end of the stream: what is left without a line end is a line too. */
    void flush() {
        partials.forEach((stream, partial) -> {
            if (partial.length > 0) {
                emit(stream, partial);
            }
        });
    }

    private void emit(OutputKind stream, Partial partial) {
        int length = partial.length;
        if (length > 0 && partial.bytes[length - 1] == '\r') {
            length--;
        }
        String text = new String(partial.bytes, 0, length, StandardCharsets.UTF_8);
        partial.length = 0;
        String time = null;
        if (timestamps) {
            int space = text.indexOf(' ');
            if (space > 0 && Character.isDigit(text.charAt(0))) {
                time = text.substring(0, space);
                text = text.substring(space + 1);
            }
        }
        consumer.accept(new LogLine(stream, time, text));
    }

    private static final class Partial {
        byte[] bytes;
        int length;

        Partial(int initial) {
            bytes = new byte[initial];
        }

        void append(byte b) {
            if (length == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[length++] = b;
        }
    }
}
