package com.containermanager.group;

import java.util.Set;

/**
 * One group's budget of one kind (running_containers, running_cpus in thousandths, running_memory_bytes, volume_bytes), and who
 * counts against it: what a module needs to enforce it.
 */
public record GroupBudget(long groupId, String groupName, String kind, long limit, Set<Long> members) {

    public GroupBudget {
        members = Set.copyOf(members);
    }

    /** The name a refusal gives: limit reached: running_containers of group research (3). */
    public String limitName() {
        return kind + " of group " + groupName;
    }
}
