/**
 * The assertions module's side of the harness's seams: the change scenarios declared in YAML run through
 * {@link dev.pgtrickle.test.assertj.StreamTableScenario}. Internal: found by the harness, not called by users.
 */
package dev.pgtrickle.test.assertj.engine;
