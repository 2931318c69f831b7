package com.containermanager.limits;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserSlotsTest {

    private final LocalSlotStore store = new LocalSlotStore();

    @Test
    void aUserHoldsAtMostTheLimitAndGetsASlotBackOnceClosed() {
        UserSlots follows = new UserSlots("log_follows", 2, store);
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
        UserSlots follows = new UserSlots("log_follows", 1, store);
        UserSlots consoles = new UserSlots("consoles", 1, store);
        follows.take(7);

        consoles.take(7);
        follows.take(8);
        assertThatThrownBy(() -> consoles.take(7)).isInstanceOf(SlotLimitReachedException.class);
    }
}
