package com.containermanager.runtime.docker;

import com.containermanager.runtime.OutputKind;
import com.containermanager.runtime.OutputSink;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the engine's output stream of a container or exec. Without a TTY it is multiplexed: each frame is an 8-byte
 * header (stream type: 0 stdin, 1 stdout, 2 stderr; three zero bytes; the payload size, 32-bit big-endian) and the
 * payload. With a TTY it is the raw terminal output, all of it stdout. Payloads are handed over in pieces of at
 * most the buffer's size, so a large frame never needs a large allocation.
 */
final class FrameDecoder {

    private final InputStream input;
    private final boolean tty;
    private final byte[] header = new byte[8];
    private final byte[] buffer;
    private OutputKind current = OutputKind.STDOUT;
    private long remaining;

    FrameDecoder(InputStream input, boolean tty) {
        this(input, tty, 8192);
    }

    FrameDecoder(InputStream input, boolean tty, int bufferSize) {
        this.input = input;
        this.tty = tty;
        this.buffer = new byte[bufferSize];
    }

    /** Hands the next piece of output to the sink; false at the end of the stream. */
    boolean read(OutputSink sink) throws IOException {
        if (tty) {
            int n = input.read(buffer);
            if (n < 0) {
                return false;
            }
            sink.accept(OutputKind.STDOUT, buffer, 0, n);
            return true;
        }
        while (remaining == 0) {
            if (!readHeader()) {
                return false;
            }
        }
        int n = input.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
            throw new EOFException("the stream ended inside a frame");
        }
        remaining -= n;
        sink.accept(current, buffer, 0, n);
        return true;
    }

    /** Reads one frame header; false at a clean end of the stream (between frames). */
    private boolean readHeader() throws IOException {
        int filled = 0;
        while (filled < header.length) {
            int n = input.read(header, filled, header.length - filled);
            if (n < 0) {
                if (filled == 0) {
                    return false;
                }
                throw new EOFException("the stream ended inside a frame header");
            }
            filled += n;
        }
        current = switch (header[0]) {
            case 0, 1 -> OutputKind.STDOUT; // 0 (stdin) is only ever echoed output of a TTY-less attach
            case 2 -> OutputKind.STDERR;
            default -> throw new IOException("not a multiplexed stream (frame type " + header[0] + ")");
        };
        remaining = ((header[4] & 0xffL) << 24)
                | ((header[5] & 0xffL) << 16)
                | ((header[6] & 0xffL) << 8)
                | (header[7] & 0xffL);
        return true;
    }
}
