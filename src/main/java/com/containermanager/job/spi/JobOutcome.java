package com.containermanager.job.spi;

import java.util.Map;

/**
 * What a handler hands back: the job's result, and the handler's own bookkeeping that must be written in the same
 * transaction as the job's completion (so that neither exists without the other).
 */
public record JobOutcome(Map<String, Object> result, Runnable recordWithCompletion) {}
