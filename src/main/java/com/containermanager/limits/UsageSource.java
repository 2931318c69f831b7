package com.containermanager.limits;

import java.util.Map;

/**
 * Implemented by each module that enforces a limit: the user's usage of its limits, by the names of
 * {@link LimitSettings} ("containers", "files", ...), for {@code GET /users/me}.
 */
public interface UsageSource {

    Map<String, Usage> usageOf(long userId);
}
