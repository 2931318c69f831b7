package com.containermanager.console;

import com.containermanager.limits.UserSlots;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a command left: its exit code and kept output, holding the caller's exec slot until the answer is written
 * (the output is the memory the slot stands for). Written as {@link ExecResponse}, streamed from the kept chunks.
 */
record CommandResult(
        @Nullable Long exitCode, CapturedOutput stdout, CapturedOutput stderr, boolean timedOut, UserSlots.Slot slot)
        implements AutoCloseable {

    void writeJson(JsonMapper json, OutputStream output) throws IOException {
        try (JsonGenerator generator = json.createGenerator(output)) {
            generator.writeStartObject();
            if (exitCode != null) {
                generator.writeNumberProperty("exit_code", exitCode);
            }
            generator.writeName("stdout");
            writeText(generator, stdout);
            generator.writeName("stderr");
            writeText(generator, stderr);
            generator.writeBooleanProperty("truncated", stdout.truncated() || stderr.truncated());
            generator.writeBooleanProperty("timed_out", timedOut);
            generator.writeEndObject();
        }
    }

    private static void writeText(JsonGenerator generator, CapturedOutput output) throws IOException {
        try (Reader text = output.text()) {
            generator.writeString(text, -1);
        }
    }

    @Override
    public void close() {
        slot.close();
    }
}
