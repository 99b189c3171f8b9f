/** {@link dev.pgtrickle.test.harness.engine.ProjectSession}: the facade the extension and the command line use. */
package dev.pgtrickle.test.harness.engine;
