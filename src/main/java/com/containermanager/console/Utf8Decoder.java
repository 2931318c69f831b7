package com.containermanager.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns terminal output into text piece by piece: a character whose bytes are split between two reads is kept
 * back until its end arrives, instead of becoming two replacement characters.
 */
final class Utf8Decoder {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(4);

    String decode(byte[] data, int offset, int length) {
        ByteBuffer input = ByteBuffer.allocate(pending.position() + length);
        input.put(pending.flip()).put(data, offset, length).flip();
        pending.clear();
        CharBuffer output = CharBuffer.allocate(input.remaining() + 1);
        decoder.decode(input, output, false);
        if (input.remaining() > 4) { // cannot be a split character: let the decoder replace it
            decoder.decode(input, output, true);
            decoder.reset();
        }
        pending.put(input);
        return output.flip().toString();
    }
}
