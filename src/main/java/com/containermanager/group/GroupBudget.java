package com.containermanager.group;

import java.util.Set;

/** One group's budget of one kind, and who counts against it: what a module needs to enforce it. */
public record GroupBudget(long groupId, String groupName, long limit, Set<Long> members) {

    public GroupBudget {
        members = Set.copyOf(members);
    }

    /** The name a refusal gives: limit reached: running_containers of group research (3). */
    public String limitName(String kind) {
        return kind + " of group " + groupName;
    }
}
