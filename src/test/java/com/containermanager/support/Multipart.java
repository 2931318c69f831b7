package com.containermanager.support;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * multipart/form-data bodies built by hand, byte for byte: the file name goes into the part header raw (UTF-8, no
 * escaping), so hostile names (NUL, newline, separators) reach the server exactly as written.
 */
public final class Multipart {

    public static final String BOUNDARY = "cm-test-boundary-5b1f3c";
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private Multipart() {}

    /** Everything before the file's bytes. */
    public static byte[] head(String field, String fileName) {
        return ("--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Everything after the file's bytes. */
    public static byte[] tail() {
        return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] body(String fileName, byte[] content) {
        byte[] head = head("file", fileName);
        byte[] tail = tail();
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return body;
    }

    public static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** A body whose file content is streamed from the supplier, for uploads too large to hold. */
    public static Supplier<InputStream> streamed(String fileName, Supplier<InputStream> content) {
        return () -> new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head("file", fileName)), content.get(), new ByteArrayInputStream(tail()))));
    }
}
