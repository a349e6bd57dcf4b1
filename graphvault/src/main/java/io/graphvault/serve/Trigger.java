package io.graphvault.serve;

import static io.graphvault.serve.InboxTriggers.excerpt;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.graphvault.serve.TriggerErrors.FieldError;
import io.graphvault.storage.BackupIds;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.component.jackson.JacksonDataFormat;

/**
 * What a JSON file dropped into BACKUP_INBOX says, as the inbox route's {@link #format()} binds it.
 * One record for both kinds, not a Jackson subtype per action: Jackson would buffer a trigger whose
 * "action" is not first, and then report every error at the object's end instead of its line. The
 * checks that need serve's settings (is S3 configured, is there such a backup) are
 * {@link InboxTriggers}'.
 */
public record Trigger(
        @JsonPropertyDescription("\"backup\" or \"restore\"") Action action,
        @JsonPropertyDescription("a backup name such as \"pre-migration\"") String name,
        @JsonPropertyDescription("one of \"local\", \"s3\", \"both\"") String to,
        @JsonPropertyDescription("true or false") Boolean s3,
        @JsonPropertyDescription("a list of property keys") List<String> excludeProperties,
        @JsonPropertyDescription("a positive whole number") Integer batchSize,
        @JsonPropertyDescription("true or false") Boolean incremental,
        @JsonPropertyDescription("a backup id in BACKUP_DIR or s3://bucket/prefix/ID") String from) {

    public enum Action {
        @JsonProperty("backup") BACKUP(List.of("action", "batchSize", "excludeProperties", "incremental", "name", "s3", "to")),
        @JsonProperty("restore") RESTORE(List.of("action", "from"));

        private final List<String> fields;

        Action(List<String> fields) {
            this.fields = fields;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** What a trigger of this kind may give, for a message. */
        public String fields() {
            return String.join(", ", fields);
        }
    }

    public Trigger {
        action = action == null ? Action.BACKUP : action;
        // sorted, so that which stray field a message names does not vary
        Map<String, Boolean> given = new TreeMap<>(Map.of("name", name != null, "to", to != null, "s3", s3 != null,
                "excludeProperties", excludeProperties != null, "batchSize", batchSize != null, "from", from != null,
                "incremental", incremental != null));
        for (Map.Entry<String, Boolean> field : given.entrySet()) {
            if (field.getValue() && !action.fields.contains(field.getKey())) {
                throw new FieldError(field.getKey(), "a " + action + " does not take \"" + field.getKey() + "\"; it takes "
                        + action.fields());
            }
        }
        if (action == Action.RESTORE && (from == null || from.isBlank())) {
            throw new FieldError("from", "a restore needs \"from\": a backup id in BACKUP_DIR or s3://bucket/prefix/ID");
        }
        if (name != null && !BackupIds.isValid(name)) {
            throw new FieldError("name", "\"name\" '" + excerpt(name) + "' is not a backup name: use letters, digits,"
                    + " '.', '_' or '-', not starting with '.' and without '..' or path separators");
        }
        if (excludeProperties != null) {
            excludeProperties.stream().filter(String::isBlank).findFirst().ifPresent(key -> {
                throw new FieldError("excludeProperties", "\"excludeProperties\" holds \"" + key + "\", not a property key");
            });
            excludeProperties = List.copyOf(excludeProperties);
        }
        if (batchSize != null && batchSize <= 0) {
            throw new FieldError("batchSize", "\"batchSize\" must be a positive whole number, not " + batchSize);
        }
    }

    /**
     * Strict: an unknown field, a value of another type (no "10" for 10, no 1.5 for 1, no 5 for "5"), a
     * null in a list, a key given twice or anything after the object is refused, never read as a default.
     * A field given as null is as if not given.
     */
    static JacksonDataFormat format() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                // ALLOW_COERCION_OF_SCALARS does not cover strings: 5 would be read as "5"
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();
        return new JacksonDataFormat(mapper, Trigger.class);
    }
}
