package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.OutputKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static byte[] frame(int type, String payload) {
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(data.length >>> 24);
        out.write(data.length >>> 16);
        out.write(data.length >>> 8);
        out.write(data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Hands out at most one byte per read, as a slow socket might: headers and payloads arrive in pieces. */
    private static InputStream trickling(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static List<LogLine> lines(InputStream input, boolean tty, boolean timestamps) throws IOException {
        List<LogLine> lines = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(64, timestamps, lines::add);
        FrameDecoder decoder = new FrameDecoder(input, tty, 16);
        while (decoder.read(splitter::accept)) {
            // keep reading
        }
        splitter.flush();
        return lines;
    }

    @Test
    void shouldSeparateStdoutAndStderrEvenWhenFramesSplitLines() throws IOException {
        byte[] stream =
                concat(frame(1, "out one\nout "), frame(2, "err one\n"), frame(1, "two\n"), frame(2, "err tail"));

        List<LogLine> lines = lines(trickling(stream), false, false);

        assertThat(lines)
                .containsExactly(
                        new LogLine(OutputKind.STDOUT, null, "out one"),
                        new LogLine(OutputKind.STDERR, null, "err one"),
                        new LogLine(OutputKind.STDOUT, null, "out two"),
                        new LogLine(OutputKind.STDERR, null, "err tail"));
    }

    @Test
    void shouldReadATtyStreamAsRawStdoutWithoutCarriageReturns() throws IOException {
        byte[] raw = "hello\r\n\u0001\u0000\u0000\u0000 looks like a header\r\n".getBytes(StandardCharsets.UTF_8);

        List<LogLine> lines = lines(trickling(raw), true, false);

        assertThat(lines)
                .containsExactly(
                        new LogLine(OutputKind.STDOUT, null, "hello"),
                        new LogLine(OutputKind.STDOUT, null, "\u0001\u0000\u0000\u0000 looks like a header"));
    }

    @Test
    void shouldSplitOffTheEnginesTimestamps() throws IOException {
        byte[] stream = frame(2, "2026-11-28T12:00:00.123456789Z oops\n");

        assertThat(lines(new ByteArrayInputStream(stream), false, true))
                .containsExactly(new LogLine(OutputKind.STDERR, "2026-11-28T12:00:00.123456789Z", "oops"));
    }

    @Test
    void shouldHandOnOverlongLinesInBoundedPieces() throws IOException {
        String longLine = "x".repeat(150);
        List<LogLine> lines = lines(new ByteArrayInputStream(frame(1, longLine + "\n")), false, false);

        assertThat(lines).extracting(LogLine::text).containsExactly("x".repeat(64), "x".repeat(64), "x".repeat(22));
    }

    @Test
    void shouldKeepMultiByteCharactersThatStraddleFrames() throws IOException {
        byte[] word = "grüße\n".getBytes(StandardCharsets.UTF_8);
        byte[] first = frame(1, "");
        // "ü" is two bytes: cut between them, in two frames
        byte[] split = concat(
                rawFrame(1, java.util.Arrays.copyOfRange(word, 0, 3)),
                rawFrame(1, java.util.Arrays.copyOfRange(word, 3, word.length)));

        assertThat(lines(new ByteArrayInputStream(concat(first, split)), false, false))
                .extracting(LogLine::text)
                .containsExactly("grüße");
    }

    @Test
    void shouldRefuseAStreamThatEndsInsideAFrame() {
        byte[] cut = java.util.Arrays.copyOf(frame(1, "complete line\n"), 12);

        assertThatThrownBy(() -> lines(new ByteArrayInputStream(cut), false, false))
                .isInstanceOf(EOFException.class);
    }

    private static byte[] rawFrame(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) type, 0, 0, 0, 0, 0, 0, (byte) data.length});
        out.writeBytes(data);
        return out.toByteArray();
    }
}
