package io.graphvault.serve;

import static io.graphvault.serve.InboxTriggers.excerpt;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.graphvault.format.BackupJson;
import java.io.IOException;

/**
 * What Jackson found wrong with a trigger, said for whoever dropped it: the field (from the path
 * Jackson carries), its line, and what it takes (the field's {@link JsonPropertyDescription} in
 * {@link Trigger}). Jackson's own messages are not passed on: they quote a whole token, and a trigger
 * may be a file someone did not mean to drop there.
 */
final class TriggerErrors {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String ONE_OBJECT = " must hold one JSON object such as {\"name\": \"pre-migration\"}, or nothing";

    private TriggerErrors() {
    }

    /** {@code where}: the trigger file; {@code text}: what it holds (quoted a few characters at most). */
    static String describe(String where, String text, JacksonException e) {
        if (e instanceof ValueInstantiationException v && v.getCause() instanceof FieldError f) {
            return where + at(text, f.field) + ": " + f.getMessage(); // a Trigger record's own check
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return where + ": " + v.getCause().getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return where + at(text, u.getPropertyName()) + ": unknown field \"" + excerpt(u.getPropertyName())
                    + "\"; a backup takes " + Trigger.Action.BACKUP.fields() + "; a restore takes " + Trigger.Action.RESTORE.fields();
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            JsonMappingException.Reference field = m.getPath().get(0);
            String value = e instanceof InvalidNullException ? "null"
                    : e instanceof InvalidFormatException f ? shown(f.getValue()) : null;
            return where + at(text, field.getFieldName()) + ": \"" + field.getFieldName() + "\" must be " + takes(field)
                    + (value != null ? ", not " + value : "");
        }
        if (e instanceof JsonMappingException) {
            return where + ONE_OBJECT + " (" + line(e) + ")";
        }
        String key = e instanceof JsonParseException p && p.getProcessor() != null ? BackupJson.keyTwice(p, p.getProcessor()) : null;
        if (key != null) {
            return where + " gives \"" + key + "\" twice (" + line(e) + "): give each setting once";
        }
        return where + " is not valid JSON (" + line(e) + "; it starts '" + excerpt(text) + "')";
    }

    /**
     * Where the top-level {@code field} of {@code text} is named, as {@code ", line L, column C"}, or nothing.
     * Jackson's own location will not do: it reports an unknown field, and a record's own check, where the
     * object ends (a record is built from all its fields, and an unknown one is buffered until then), and a
     * value of the wrong type sometimes before, sometimes after the value.
     */
    private static String at(String text, String field) {
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation at = p.currentTokenLocation();
                    if (p.currentName().equals(field)) {
                        return ", line " + at.getLineNr() + ", column " + at.getColumnNr();
                    }
                    p.nextToken();
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // the text was read as JSON once already: this is no worse than not knowing where
        }
        return "";
    }

    /** A {@link Trigger}'s own check failed on {@code field}. */
    static final class FieldError extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        private final String field;

        FieldError(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private static String shown(Object value) {
        return value instanceof String text ? "\"" + excerpt(text) + "\"" : excerpt(value);
    }

    private static String line(JacksonException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "line unknown" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** What a field of a {@link Trigger} record takes, from its description. */
    private static String takes(JsonMappingException.Reference field) {
        Object from = field.getFrom();
        Class<?> type = from instanceof Class<?> c ? c : from.getClass();
        try {
            JsonPropertyDescription d = type.getDeclaredField(field.getFieldName()).getAnnotation(JsonPropertyDescription.class);
            return d != null ? d.value() : "of another type";
        } catch (NoSuchFieldException e) {
            return "of another type";
        }
    }
}
