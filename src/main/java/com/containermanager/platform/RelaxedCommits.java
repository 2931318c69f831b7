package com.containermanager.platform;

import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs writes in a transaction that does not wait for its WAL flush (synchronous_commit = off). A crash of the
 * service loses none of them: PostgreSQL has them, and flushes them within a fraction of a second on its own. Only
 * a crash of PostgreSQL itself (or its machine) in that fraction could lose one. That is harmless for a job's
 * claim, progress and outcome, which are redone by running the job again (idempotently), and accepted for audit
 * rows of lifecycle operations, which are not redone. Work already inside a transaction joins it as it is, so
 * that a fully synchronous commit (submitting a job) stays fully synchronous.
 */
@Component
public class RelaxedCommits {

    /**
     * An expression that relaxes the commit of the statement it is part of (its implicit transaction): set_config
     * with is_local holds until that transaction ends, and its commit reads it. For statements on a connection of
     * their own, such as the cluster session's; on the pool use {@link #relaxingCondition()}.
     */
    public static final String RELAX_THIS_STATEMENT = "set_config('synchronous_commit', 'off', true)";

    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;

    RelaxedCommits(TransactionTemplate transactions, JdbcClient jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    /**
     * For one write statement outside any transaction: a condition to AND into its WHERE clause that relaxes the
     * statement's own commit, so it costs one round trip instead of three (BEGIN with SET LOCAL, the write, COMMIT).
     * set_config(..., true) holds until the statement's implicit transaction ends, and its commit reads it. Inside a
     * transaction the condition is plain {@code true}, so the caller's commit keeps its own setting.
     */
    public String relaxingCondition() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                ? "true"
                : RELAX_THIS_STATEMENT + " is not null";
    }

    /**
     * A relaxed transaction whose first statement relaxes it itself, one round trip less than {@link #run}: that
     * statement must AND {@link #RELAX_THIS_STATEMENT} (is not null) into its WHERE clause; set_config(..., true)
     * holds to the end of the transaction, whose commit reads it. Should that statement match no row, the
     * condition may go unevaluated and the commit waits for its flush: the work has then written nothing anyway.
     * Not inside another transaction, whose commit that statement would relax too.
     */
    public <T> T runRelaxedByFirstStatement(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a transaction relaxed by its first statement cannot join another");
        }
        return transactions.execute(status -> work.get());
    }

    public <T> T run(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        return transactions.execute(status -> {
            jdbc.sql("set local synchronous_commit = off").update();
            return work.get();
        });
    }
}
