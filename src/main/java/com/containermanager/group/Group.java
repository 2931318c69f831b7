package com.containermanager.group;

import java.time.Instant;
import java.util.Map;

/** A group: its budgets by the limits' names ({"running_containers": 10}); a name that is absent has no budget. */
public record Group(long id, String name, Map<String, Long> budgets, long members, Instant createdAt) {

    public Group {
        budgets = Map.copyOf(budgets);
    }
}
