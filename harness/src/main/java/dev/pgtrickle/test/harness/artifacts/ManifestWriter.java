package dev.pgtrickle.test.harness.artifacts;

import dev.pgtrickle.test.harness.graph.GraphNode;
import dev.pgtrickle.test.harness.graph.ProjectGraph;
import dev.pgtrickle.test.harness.project.ColumnSpec;
import dev.pgtrickle.test.harness.project.DbtProject;
import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.project.ResourceType;
import dev.pgtrickle.test.harness.project.SourceTable;
import dev.pgtrickle.test.harness.project.UniqueIds;
import dev.pgtrickle.test.harness.render.CompiledModel;
import dev.pgtrickle.test.harness.render.CompiledProject;
import dev.pgtrickle.test.harness.render.CompiledSeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes {@code manifest.json} in dbt's manifest schema (v12) from a compiled project: every model, seed and test as a
 * node (models with their raw and compiled SQL), the sources, what each node depends on, and the parent and child
 * maps. Fields dbt fills from features pgtrickle-test does not have (docs blocks, exposures, metrics, semantic models,
 * macros) are present and empty, as in a dbt project without them.
 *
 * <p>Tests carry their dependencies but no compiled SQL: pgtrickle-test compiles a dbt test when it runs it.
 */
public final class ManifestWriter {

    /** The file name dbt uses, in its target path. */
    public static final String FILE_NAME = "manifest.json";

    static final String SCHEMA = "https://schemas.getdbt.com/dbt/manifest/v12.json";

    private ManifestWriter() {}

    /** Write {@code <targetDirectory>/manifest.json} for {@code project}; returns the file. */
    public static Path write(CompiledProject project, Path targetDirectory, String invocationId) {
        return ArtifactFiles.writeAtomically(targetDirectory.resolve(FILE_NAME), manifest(project, invocationId));
    }

    static Map<String, Object> manifest(CompiledProject compiled, String invocationId) {
        DbtProject project = compiled.project();
        ProjectGraph graph = compiled.graph();
        Map<String, Object> metadata = ArtifactFiles.metadata(SCHEMA, invocationId, Instant.now());
        metadata.put("project_name", project.name());
        metadata.put("project_id", md5(project.name()));
        metadata.put("user_id", null);
        metadata.put("send_anonymous_usage_stats", false);
        metadata.put("adapter_type", "postgres");

        Map<String, Object> nodes = new TreeMap<>();
        Map<String, Object> sources = new TreeMap<>();
        Map<String, Object> unitTests = new TreeMap<>();
        Map<String, List<String>> parentMap = new TreeMap<>();
        Map<String, List<String>> childMap = new TreeMap<>();
        for (GraphNode node : graph.nodes()) {
            if (node.resourceType() == ResourceType.SOURCE) {
                sources.put(node.uniqueId(), source(compiled, node));
            } else if (node.resourceType() == ResourceType.UNIT_TEST) {
                unitTests.put(node.uniqueId(), node(compiled, graph, node));
            } else {
                nodes.put(node.uniqueId(), node(compiled, graph, node));
            }
            parentMap.put(node.uniqueId(), sorted(graph.parents(node.uniqueId())));
            childMap.put(node.uniqueId(), sorted(graph.children(node.uniqueId())));
        }

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("metadata", metadata);
        manifest.put("nodes", nodes);
        manifest.put("sources", sources);
        manifest.put("unit_tests", unitTests);
        for (String empty : List.of(
                "macros",
                "docs",
                "exposures",
                "metrics",
                "groups",
                "selectors",
                "disabled",
                "semantic_models",
                "saved_queries")) {
            manifest.put(empty, Map.of());
        }
        manifest.put("parent_map", parentMap);
        manifest.put("child_map", childMap);
        manifest.put("group_map", Map.of());
        return manifest;
    }

    private static Map<String, Object> node(CompiledProject compiled, ProjectGraph graph, GraphNode node) {
        DbtProject project = compiled.project();
        String database = compiled.options().target().database();
        Optional<CompiledModel> model =
                node.resourceType() == ResourceType.MODEL || node.resourceType() == ResourceType.SNAPSHOT
                        ? compiled.findModel(node.name())
                        : Optional.empty();
        Optional<CompiledSeed> seed =
                node.resourceType() == ResourceType.SEED ? compiled.findSeed(node.name()) : Optional.empty();
        Optional<Relation> relation = model.map(CompiledModel::relation)
                .or(() -> seed.map(CompiledSeed::relation))
                .filter(unused -> !"ephemeral".equals(node.materialization()));
        Optional<Path> file =
                model.map(CompiledModel::file).or(() -> seed.map(s -> s.node().file()));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", database);
        out.put(
                "schema",
                relation.map(Relation::schema)
                        .orElse(compiled.options().target().schema()));
        out.put("name", node.name());
        out.put("resource_type", node.resourceType().dbtName());
        out.put("package_name", UniqueIds.packageOf(node.uniqueId()));
        out.put("path", pathUnderResourceFolder(node.originalFilePath()));
        out.put("original_file_path", node.originalFilePath());
        out.put("unique_id", node.uniqueId());
        out.put("fqn", node.fqn());
        out.put("alias", relation.map(Relation::identifier).orElse(node.name()));
        out.put("checksum", checksum(file));
        Map<String, Object> config = new LinkedHashMap<>(node.config());
        config.putIfAbsent("enabled", true);
        if (!node.materialization().isEmpty()
                && node.resourceType() != ResourceType.TEST
                && node.resourceType() != ResourceType.UNIT_TEST) {
            config.put("materialized", node.materialization());
        }
        out.put("config", config);
        out.put("tags", node.tags());
        out.put("description", model.map(m -> m.node().description()).orElse(""));
        out.put("columns", columns(model.map(m -> m.node().columns()).orElse(List.of())));
        out.put("meta", Map.of());
        out.put("group", null);
        out.put("docs", Map.of("show", true, "node_color", ""));
        out.put("patch_path", null);
        out.put("build_path", null);
        out.put("unrendered_config", Map.of());
        out.put("created_at", Instant.now().toEpochMilli() / 1000.0);
        out.put("relation_name", relation.map(r -> quoted(database, r)).orElse(null));
        out.put("raw_code", model.map(m -> m.node().rawSql()).orElse(""));
        out.put("language", "sql");
        out.put("refs", refs(graph, node));
        out.put("sources", sourceRefs(graph, node));
        out.put("metrics", List.of());
        out.put("depends_on", Map.of("macros", List.of(), "nodes", sorted(graph.parents(node.uniqueId()))));
        out.put(
                "compiled_path",
                model.map(m -> "target/compiled/%s/%s".formatted(m.node().packageName(), node.originalFilePath()))
                        .orElse(null));
        out.put("compiled", model.isPresent());
        out.put("compiled_code", model.map(CompiledModel::compiledSql).orElse(null));
        out.put("extra_ctes_injected", model.isPresent());
        out.put("extra_ctes", List.of());
        out.put("contract", Map.of("enforced", false, "alias_types", true));
        if (node.resourceType() == ResourceType.MODEL) {
            out.put("access", "protected");
            out.put("constraints", List.of());
            out.put("version", null);
            out.put("latest_version", null);
            out.put("deprecation_date", null);
        }
        return out;
    }

    private static Map<String, Object> source(CompiledProject compiled, GraphNode node) {
        DbtProject project = compiled.project();
        String database = compiled.options().target().database();
        Optional<SourceTable> table = project.sources().stream()
                .filter(candidate -> candidate.uniqueId().equals(node.uniqueId()))
                .findFirst();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("database", database);
        out.put("schema", table.map(t -> t.relation().schema()).orElse(""));
        out.put("name", table.map(SourceTable::tableName).orElse(node.name()));
        out.put("resource_type", "source");
        out.put("package_name", UniqueIds.packageOf(node.uniqueId()));
        out.put("path", node.originalFilePath());
        out.put("original_file_path", node.originalFilePath());
        out.put("unique_id", node.uniqueId());
        out.put("fqn", node.fqn());
        out.put("source_name", table.map(SourceTable::sourceName).orElse(""));
        out.put("source_description", "");
        out.put("loader", "");
        out.put("identifier", table.map(t -> t.relation().identifier()).orElse(node.name()));
        out.put("description", "");
        out.put("columns", columns(table.map(SourceTable::columns).orElse(List.of())));
        out.put("meta", Map.of());
        out.put("source_meta", Map.of());
        out.put("tags", node.tags());
        out.put("config", Map.of("enabled", true));
        out.put("relation_name", table.map(t -> quoted(database, t.relation())).orElse(null));
        out.put("created_at", Instant.now().toEpochMilli() / 1000.0);
        return out;
    }

    /** dbt's {@code path}: the file path under its resource folder ({@code models/marts/x.sql} -> {@code marts/x.sql}). */
    private static String pathUnderResourceFolder(String originalFilePath) {
        int slash = originalFilePath.indexOf('/');
        return slash < 0 ? originalFilePath : originalFilePath.substring(slash + 1);
    }

    private static Map<String, Object> columns(List<ColumnSpec> columns) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ColumnSpec column : columns) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("description", column.description());
            entry.put("meta", Map.of());
            entry.put("data_type", column.dataType().orElse(null));
            entry.put("constraints", List.of());
            entry.put("quote", null);
            entry.put("tags", List.of());
            out.put(column.name(), entry);
        }
        return out;
    }

    /** Unique ids in dbt's order (sorted), so the manifest is the same from run to run. */
    private static List<String> sorted(Set<String> uniqueIds) {
        return List.copyOf(new TreeSet<>(uniqueIds));
    }

    private static List<Map<String, Object>> refs(ProjectGraph graph, GraphNode node) {
        List<Map<String, Object>> refs = new ArrayList<>();
        for (String parent : sorted(graph.parents(node.uniqueId()))) {
            GraphNode upstream = graph.require(parent);
            if (upstream.resourceType() == ResourceType.MODEL
                    || upstream.resourceType() == ResourceType.SEED
                    || upstream.resourceType() == ResourceType.SNAPSHOT) {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("name", upstream.name());
                ref.put("package", null);
                ref.put("version", null);
                refs.add(ref);
            }
        }
        return refs;
    }

    private static List<List<String>> sourceRefs(ProjectGraph graph, GraphNode node) {
        List<List<String>> sources = new ArrayList<>();
        for (String parent : sorted(graph.parents(node.uniqueId()))) {
            GraphNode upstream = graph.require(parent);
            if (upstream.resourceType() == ResourceType.SOURCE) {
                // unique id source.<project>.<source>.<table>
                String[] parts = upstream.uniqueId().split("\\.", 4);
                sources.add(parts.length == 4 ? List.of(parts[2], parts[3]) : List.of(upstream.name()));
            }
        }
        return sources;
    }

    private static String quoted(String database, Relation relation) {
        return Relation.quote(database) + "." + relation.quoted();
    }

    private static Map<String, Object> checksum(Optional<Path> file) {
        String digest = file.filter(Files::isRegularFile)
                .map(path -> {
                    try {
                        return sha256(Files.readAllBytes(path));
                    } catch (IOException e) {
                        return "";
                    }
                })
                .orElse("");
        return digest.isEmpty() ? Map.of("name", "none", "checksum", "") : Map.of("name", "sha256", "checksum", digest);
    }

    private static String sha256(byte[] content) {
        return digest("SHA-256", content);
    }

    private static String md5(String text) {
        return digest("MD5", text.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
