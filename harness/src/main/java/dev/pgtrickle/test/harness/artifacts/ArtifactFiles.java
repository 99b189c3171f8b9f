package dev.pgtrickle.test.harness.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writing an artifact: JSON through Jackson, into a temporary file next to the target that is then moved over it, so a
 * reader (a dbt tool polling {@code target/}) never sees half a file. Also the metadata block every dbt artifact opens
 * with.
 */
final class ArtifactFiles {

    /** The dbt version our artifacts claim to follow: the release line whose schemas (manifest v12, run results v6) they use. */
    static final String DBT_VERSION = "1.10.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** dbt writes times as ISO-8601 in UTC with microseconds and a {@code Z}. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private ArtifactFiles() {}

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The metadata every dbt artifact carries. */
    static Map<String, Object> metadata(String schemaUrl, String invocationId, Instant generatedAt) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("dbt_schema_version", schemaUrl);
        metadata.put("dbt_version", DBT_VERSION);
        metadata.put("generated_at", timestamp(generatedAt));
        metadata.put("invocation_id", invocationId);
        metadata.put("env", Map.of());
        return metadata;
    }

    /** Write {@code content} as JSON to {@code file}, replacing it in one step. */
    static Path writeAtomically(Path file, Object content) {
        try {
            return AtomicFiles.writeString(file, JSON.writeValueAsString(content) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
