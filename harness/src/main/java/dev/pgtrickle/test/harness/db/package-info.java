/**
 * The ground floor of the harness: what every other harness package may use to talk to a database and nothing more.
 * It opens connections, runs work in one transaction, looks up what kind of relation a name is, and compares version
 * numbers. It imports no other harness package, so the packages above it can share it without forming a cycle.
 */
package dev.pgtrickle.test.harness.db;
