package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class UserSlotsTest {

    private final LocalSlotStore store = new LocalSlotStore();

    @Test
    void aUserHoldsAtMostTheLimitAndGetsASlotBackOnceClosed() {
        UserSlots follows = new UserSlots("log_follows", 2, 100, store);
        UserSlots.Slot first = follows.take(7);
        follows.take(7);

        assertThatThrownBy(() -> follows.take(7))
                .isInstanceOf(SlotLimitReachedException.class)
                .hasMessage("limit reached: log_follows (2)");
        first.close();
        first.close(); // a second close gives nothing back twice
        follows.take(7);
        assertThatThrownBy(() -> follows.take(7)).isInstanceOf(SlotLimitReachedException.class);
    }

    @Test
    void kindsAndUsersCountApart() {
        UserSlots follows = new UserSlots("log_follows", 1, 100, store);
        UserSlots consoles = new UserSlots("consoles", 1, 100, store);
        follows.take(7);

        consoles.take(7);
        follows.take(8);
        assertThatThrownBy(() -> consoles.take(7)).isInstanceOf(SlotLimitReachedException.class);
    }

    @Test
    void theInstanceHoldsAtMostItsBoundWhoeverAsksAndARefusalCostsNoSlot() {
        UserSlots execs = new UserSlots("execs", 2, 3, store);
        UserSlots.Slot first = execs.take(1);
        execs.take(2);
        execs.take(3);

        SlotLimitReachedException busy =
                (SlotLimitReachedException) org.assertj.core.api.Assertions.catchThrowable(() -> execs.take(4));
        assertThat(busy).hasMessage("server busy: execs (3 open on this instance)");
        assertThat(busy.retryAfterSeconds()).isPositive();
        assertThat(execs.inUse()).isEqualTo(3);
        first.close();
        execs.take(4);
        assertThatThrownBy(() -> execs.take(5)).hasMessageStartingWith("server busy");
    }

    @Test
    void aUserAtTheirLimitGivesTheInstanceSlotBack() {
        UserSlots execs = new UserSlots("execs", 1, 2, store);
        execs.take(1);

        assertThatThrownBy(() -> execs.take(1)).hasMessage("limit reached: execs (1)");
        assertThat(execs.inUse()).isEqualTo(1);
        execs.take(2);
    }

    @Test
    void aUserPastTheirBoundHoldsNoInstanceSlotWhileTheirCheckRuns() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        SlotStore slowForUserOne = (kind, userId, limit) -> {
            if (userId == 1) {
                checking.countDown();
                awaitQuietly(answer);
                return null;
            }
            return () -> {};
        };
        UserSlots execs = new UserSlots("execs", 1, 1, slowForUserOne);
        Thread refused = Thread.ofVirtual().start(() -> assertThatThrownBy(() -> execs.take(1)));
        checking.await();

        UserSlots.Slot other = execs.take(2);

        answer.countDown();
        refused.join();
        assertThat(execs.inUse()).isEqualTo(1);
        other.close();
        assertThat(execs.inUse()).isZero();
    }

    @Test
    void aRefusalByTheInstanceGivesTheUsersSlotBack() {
        UserSlots execs = new UserSlots("execs", 1, 1, store);
        UserSlots.Slot held = execs.take(1);

        assertThatThrownBy(() -> execs.take(2)).hasMessageStartingWith("server busy");
        held.close();
        execs.take(2).close();
        execs.take(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
