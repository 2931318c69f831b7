package com.containermanager.config;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs writes in a transaction that does not wait for its WAL flush (synchronous_commit = off). Only for writes
 * whose loss in a crash of PostgreSQL itself is harmless because they are redone: a job's claim, progress and
 * outcome (the job is simply run again, idempotently) and audit entries. A crash of the service loses nothing:
 * PostgreSQL flushes them within a fraction of a second on its own. Submitting a job stays fully synchronous.
 */
@Component
public class RelaxedCommits {

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    RelaxedCommits(TransactionTemplate transactions, JdbcClient jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    public <T> T run(Supplier<T> work) {
        return transactions.execute(status -> {
            jdbc.sql("set local synchronous_commit = off").update();
            return work.get();
        });
    }
}
