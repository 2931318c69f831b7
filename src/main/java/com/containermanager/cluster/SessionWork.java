package com.containermanager.cluster;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on this instance's cluster session, where its advisory locks live. */
@FunctionalInterface
public interface SessionWork<T> {
    T run(Connection session) throws SQLException;
}
