package com.containermanager.limits;

import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a transaction keeps for its own later steps, held with its synchronizations: it ends with the transaction,
 * and a transaction suspended for another (REQUIRES_NEW) takes its own with it.
 */
final class TransactionKept {

    private TransactionKept() {}

    /** The current transaction's holder of this type, made and registered on first use; there must be one. */
    static <T extends TransactionSynchronization> T get(Class<T> type, Supplier<T> made) {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (type.isInstance(synchronization)) {
                return type.cast(synchronization);
            }
        }
        T kept = made.get();
        TransactionSynchronizationManager.registerSynchronization(kept);
        return kept;
    }
}
