package com.containermanager.runtime;

import java.io.IOException;

/** Receives a process's output as it arrives, stdout and stderr apart; the bytes are only valid during the call. */
@FunctionalInterface
public interface OutputSink {
    void accept(OutputKind stream, byte[] data, int offset, int length) throws IOException;
}
