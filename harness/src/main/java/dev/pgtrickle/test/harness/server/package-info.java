/**
 * PostgreSQL 18 servers for tests: the three backends (embedded, container, external), how one is chosen, the JVM-wide
 * sharing of servers, and the per-project databases created on them.
 */
package dev.pgtrickle.test.harness.server;
