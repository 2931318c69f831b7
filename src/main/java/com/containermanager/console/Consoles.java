package com.containermanager.console;

import com.containermanager.container.ContainerActivity;
import com.containermanager.limits.SlotStore;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserSlots;
import com.containermanager.runtime.ContainerRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open consoles of this instance: the per-user limit, the idle check (once a second), their gauge
 * (cm.streams.open{kind="console"}), and their end at shutdown, which also ends their processes.
 */
@Component
class Consoles implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Consoles.class);

    private final Map<String, ConsoleSession> open = new ConcurrentHashMap<>();
    private final UserSlots slots;
    private final ContainerRuntime runtime;
    private final ExecProcessKiller processes;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final ConsoleSettings settings;
    private final ConsoleTimers timers;
    private final ContainerActivity activity;
    private volatile boolean running;

    Consoles(
            ConsoleSettings settings,
            ContainerRuntime runtime,
            ExecProcessKiller processes,
            JsonMapper json,
            Clock clock,
            ApplicationEventPublisher events,
            ConsoleTimers timers,
            ContainerActivity activity,
            MeterRegistry registry,
            SlotStore slotStore,
            UserLimits userLimits) {
        this.settings = settings;
        this.slots = new UserSlots("consoles", settings.maxPerUser(), settings.maxOpen(), slotStore, userLimits);
        this.runtime = runtime;
        this.processes = processes;
        this.json = json;
        this.clock = clock;
        this.events = events;
        this.timers = timers;
        this.activity = activity;
        Gauge.builder("cm.streams.open", open, Map::size)
                .description("Open streaming answers and consoles")
                .tag("kind", "console")
                .register(registry);
    }

    UserSlots.Slot takeSlot(long userId) {
        return slots.take(userId);
    }

    /** Starts the console's process and registers it; the caller closes the socket if this throws. */
    void open(WebSocketSession socket, ConsoleStart start) {
        ConsoleSession session = new ConsoleSession(socket, start, runtime, processes, json, clock, activity, ended -> {
            open.remove(socket.getId());
            events.publishEvent(ended);
        });
        open.put(socket.getId(), session);
        try {
            session.open();
        } catch (RuntimeException e) {
            open.remove(socket.getId());
            throw e;
        }
        events.publishEvent(new ConsoleSessionOpened(start.userId(), start.containerId(), start.cmd()));
    }

    void message(WebSocketSession socket, String payload) {
        ConsoleSession session = open.get(socket.getId());
        if (session != null) {
            session.onMessage(payload);
        }
    }

    void closed(WebSocketSession socket, String reason) {
        ConsoleSession session = open.get(socket.getId());
        if (session != null) {
            session.end(reason, null);
        }
    }

    int openCount() {
        return open.size();
    }

    private void closeIdle() {
        try {
            open.values().stream()
                    .filter(session -> session.idleFor(settings.idleTimeout()))
                    .forEach(session -> Thread.ofVirtual()
                            .start(() -> session.close(ConsoleSession.IDLE, ConsoleSession.IDLE_REASON)));
        } catch (Throwable e) { // a timer task that throws is never run again
            log.warn("Console idle check failed", e);
        }
    }

    @Override
    public void start() {
        running = true;
        long period = Math.max(200, Math.min(1000, settings.idleTimeout().toMillis() / 4));
        timers.timer().scheduleAtFixedRate(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        open.values().forEach(session -> session.close(CloseStatus.GOING_AWAY, ConsoleSession.SERVER_STOPPING));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
