package com.containermanager.container;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lifecycle policy of every profile, each already resolved against the global one (lifecycle.*): what the round
 * passes into its one statement. A container whose profile is null or unknown gets the global policy.
 */
record LifecyclePolicies(LifecyclePolicy global, Map<String, LifecyclePolicy> byProfile) {

    LifecyclePolicies {
        byProfile = Map.copyOf(byProfile);
    }

    static LifecyclePolicies only(LifecyclePolicy global) {
        return new LifecyclePolicies(global, Map.of());
    }

    /** The policy of a container of this profile. */
    LifecyclePolicy of(@Nullable String profile) {
        return profile == null ? global : byProfile.getOrDefault(profile, global);
    }
}
