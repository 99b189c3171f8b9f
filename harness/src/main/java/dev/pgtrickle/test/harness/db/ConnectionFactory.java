package dev.pgtrickle.test.harness.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new JDBC connection to one database. */
@FunctionalInterface
public interface ConnectionFactory {

    /** A new connection; the caller closes it. */
    Connection open() throws SQLException;
}
