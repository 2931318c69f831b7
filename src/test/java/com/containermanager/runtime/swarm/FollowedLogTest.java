package com.containermanager.runtime.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.runtime.LineStream;
import com.containermanager.runtime.LogLine;
import com.containermanager.runtime.OutputKind;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class FollowedLogTest {

    private static final Duration EVERY = Duration.ofMillis(20);
    private static final LogLine END = new LogLine(OutputKind.STDOUT, null, "");

    /** A followed engine stream: lines as they are offered, waiting for more until closed (then unavailable). */
    private static final class OpenStream implements LineStream {
        final BlockingQueue<LogLine> queue = new LinkedBlockingQueue<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public @Nullable LogLine next() {
            try {
                LogLine line = queue.take();
                if (line == END) {
                    throw new EngineUnavailableException(new IOException("closed"));
                }
                return line;
            } catch (InterruptedException e) {
                throw new EngineUnavailableException(e);
            }
        }

        @Override
        public boolean hasBuffered() {
            return !queue.isEmpty();
        }

        @Override
        public void close() {
            if (!closed.getAndSet(true)) {
                queue.add(END);
            }
        }
    }

    @Test
    void shouldEndWhenItsTaskNoLongerRunsAfterTheLinesAlreadyThere() {
        OpenStream engine = new OpenStream();
        AtomicBoolean running = new AtomicBoolean(true);
        engine.queue.add(new LogLine(OutputKind.STDOUT, null, "one"));
        try (FollowedLog log = new FollowedLog(engine, running::get, EVERY)) {
            assertThat(log.next()).extracting(LogLine::text).isEqualTo("one");
            running.set(false);
            assertThat(log.next()).as("the end, not the engine's closed stream").isNull();
            assertThat(engine.closed).isTrue();
        }
    }

    @Test
    void shouldEndAsUnavailableWhenTheManagerCannotTellAndCloseTheStreamWhenTheReaderDoes() {
        OpenStream engine = new OpenStream();
        try (FollowedLog log = new FollowedLog(
                engine,
                () -> {
                    throw new EngineRefusedException("no", null);
                },
                EVERY)) {
            assertThatThrownBy(log::next).isInstanceOf(EngineUnavailableException.class);
        }

        OpenStream other = new OpenStream();
        FollowedLog log = new FollowedLog(other, () -> true, Duration.ofHours(1));
        log.close();
        assertThat(other.closed).isTrue();
        assertThat(log.next()).isNull();
    }
}
