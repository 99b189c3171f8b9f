package dev.pgtrickle.test.harness.project;

/**
 * The root of "the user's project or settings are wrong": an exception that implements this says the fix is in the
 * user's hands (a file, a config value, a setting), and its message names where and how. Every entrance maps it the
 * same way, with one {@code instanceof}: the command line exits 2, the JUnit extension throws
 * {@code ExtensionConfigurationException}, and the {@code pgtrickle-dbt} TestEngine fails the project.
 *
 * <p>Implemented by {@link ProjectException} (and its subclasses), {@code MaterializationConfigException},
 * {@code DbtTestDefinitionException}, {@code SeedFileException} and the command line's {@code UsageException}. A
 * new exception for bad user input implements it too, so no entrance mistakes it for a crash; problems the database
 * or the machine causes (a refused statement, a server that does not start) never do. Not {@code sealed}: its
 * implementations live in several packages, which only a named module would allow.
 */
public interface ProjectProblem {

    /** The message naming what is wrong and how to fix it ({@link Throwable#getMessage()}). */
    String getMessage();
}
