package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
