package com.containermanager.appproxy;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * proxy.max_body_by_profile.&lt;profile&gt;: the largest request body to the apps of that profile's containers, in
 * place of proxy.max_body (an operator's notebook profile may take large uploads while the small one does not). Bound
 * straight from the public key: a map has no single environment variable to mirror.
 */
@ConfigurationProperties("proxy")
public record ProfileBodyLimits(@DefaultValue Map<String, DataSize> maxBodyByProfile) {

    /** The limit for a container of this profile (null: created before profiles, the default profile's). */
    long of(@Nullable String profile, String defaultProfile, DataSize global) {
        DataSize own = maxBodyByProfile.get(profile == null ? defaultProfile : profile);
        return (own == null ? global : own).toBytes();
    }
}
