/** Loading a dbt project from disk: project file, property files, models, seeds, sources, tests, macros, profiles. */
package dev.pgtrickle.test.harness.project;
