package com.containermanager.appproxy.forwarding;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** An app's response line and headers, read from its connection (at most 64 KiB, 200 headers). */
record ResponseHead(int status, List<String[]> headers) {

    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 200;

    @Nullable
    String first(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    boolean has(String name, String token) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                for (String part : header[1].split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Reads a head; 1xx answers other than 101 (100 Continue, 103 Early Hints) are skipped. */
    static ResponseHead read(InputStream in) throws IOException {
        while (true) {
            int[] budget = {MAX_BYTES};
            String statusLine = line(in, budget);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line");
            }
            List<String[]> headers = new ArrayList<>();
            for (String header = line(in, budget); !header.isEmpty(); header = line(in, budget)) {
                int colon = header.indexOf(':');
                if (colon <= 0 || headers.size() >= MAX_HEADERS) {
                    throw new IOException("bad header");
                }
                headers.add(new String[] {
                    header.substring(0, colon).trim(),
                    header.substring(colon + 1).trim()
                });
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            return new ResponseHead(status, headers);
        }
    }

    /** One line without its CRLF (or LF). */
    static String line(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the head");
            }
            if (--budget[0] < 0) {
                throw new IOException("head too large");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
