package com.containermanager.job;

/** Whether this worker can still be sure it holds a claim: its lease was renewed recently enough. */
@FunctionalInterface
interface LeaseCheck {
    boolean held(String claim);
}
