package dev.pgtrickle.test.harness.project;

import java.util.Optional;

/**
 * The node a generic test is declared on.
 *
 * @param resourceType {@link ResourceType#MODEL}, {@link ResourceType#SEED} or {@link ResourceType#SOURCE}
 * @param name the model or seed name, or the source's table name
 * @param sourceName the source name when {@code resourceType} is {@link ResourceType#SOURCE}
 * @param uniqueId the attached node's unique id
 */
public record TestAttachment(ResourceType resourceType, String name, Optional<String> sourceName, String uniqueId) {

    /** The Jinja expression dbt passes as the test's {@code model} argument: {@code ref('x')} or {@code source('s','t')}. */
    public String modelExpression() {
        return sourceName
                .map(source -> "source('%s', '%s')".formatted(source, name))
                .orElse("ref('%s')".formatted(name));
    }
}
