package dev.pgtrickle.test.harness.render;

import java.util.List;

/**
 * What a rendered node referenced, by unique id, in first-use order.
 *
 * @param models models it {@code ref()}s
 * @param seeds seeds it {@code ref()}s
 * @param sources source tables it {@code source()}s
 */
public record NodeDependencies(List<String> models, List<String> seeds, List<String> sources) {

    public NodeDependencies {
        models = List.copyOf(models);
        seeds = List.copyOf(seeds);
        sources = List.copyOf(sources);
    }

    /** Every dependency: models, then seeds, then sources. */
    public List<String> all() {
        return java.util.stream.Stream.of(models, seeds, sources)
                .flatMap(List::stream)
                .toList();
    }
}
