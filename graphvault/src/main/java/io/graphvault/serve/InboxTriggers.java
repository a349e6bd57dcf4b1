package io.graphvault.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.graphvault.backup.BackupRequest;
import io.graphvault.backup.BackupTarget;
import io.graphvault.format.BackupJson;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.storage.BackupIds;
import io.graphvault.storage.s3.S3Location;
import io.graphvault.storage.s3.S3Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.file.FileConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a file dropped into BACKUP_INBOX. Empty: a backup with the defaults. JSON: a backup with
 * options, or a restore. Anything it does not understand is rejected before anything happens, with
 * a one-line reason written to {@code .failed/<file>.error.txt}.
 */
final class InboxTriggers {

    private static final Logger LOG = LoggerFactory.getLogger(InboxTriggers.class);
    static final String FAILED_DIR = ".failed";
    private static final int MAX_BYTES = 64 * 1024;
    private static final int EXCERPT = 16;
    private static final Set<String> BACKUP_FIELDS = Set.of("action", "name", "to", "s3", "excludeProperties", "batchSize");
    private static final Set<String> RESTORE_FIELDS = Set.of("action", "from");

    private final ServeDefaults defaults;
    private final S3Settings s3;
    private final Path backupRoot;
    private final Path inbox;

    public InboxTriggers(ServeDefaults defaults, S3Settings s3, Path backupRoot, Path inbox) {
        this.defaults = defaults;
        this.s3 = s3;
        this.backupRoot = backupRoot.toAbsolutePath().normalize();
        this.inbox = inbox.toAbsolutePath().normalize();
    }

    /**
     * A {@link BackupRequest} or a {@link RestoreRequest}; anything else is an error naming the
     * problem. The file is read here, not by the route: it must be a regular file in the inbox, and
     * is opened without following a link, so a link planted there never runs anything nor carries
     * its target's content into an error.
     */
    public Object read(@Header(Exchange.FILE_NAME) String fileName, @Header(FileConstants.FILE_ABSOLUTE_PATH) String path) {
        String where = "inbox file " + fileName;
        String text = new String(readTrigger(Path.of(path), where), StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return defaults.backup(null, defaults.target(), null, null);
        }
        JsonNode json;
        try (JsonParser p = BackupJson.FACTORY.createParser(text)) {
            try {
                json = BackupJson.MAPPER.readTree(p);
            } catch (JsonProcessingException e) {
                String key = BackupJson.keyTwice(e, p);
                if (key != null) {
                    throw new GraphVaultException(where + " gives \"" + key + "\" twice: give each setting once");
                }
                throw e;
            }
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the offending token whole: say where, and quote no more than a few characters
            throw new GraphVaultException(where + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "; it starts '" + excerpt(text) + "')");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a parser over a string does not fail to close
        }
        if (json == null || !json.isObject()) {
            throw new GraphVaultException(where + " must hold a JSON object such as {\"name\": \"pre-migration\"}, or nothing");
        }
        String action = json.has("action") ? text(json, "action", where) : "backup";
        return switch (action) {
            case "backup" -> backup(json, where);
            case "restore" -> restore(json, where);
            default -> throw new GraphVaultException(where + ": \"action\" is '" + excerpt(action) + "': use \"backup\" or \"restore\"");
        };
    }

    private BackupRequest backup(JsonNode json, String where) {
        checkFields(json, BACKUP_FIELDS, where);
        String name = null;
        if (json.has("name")) {
            name = text(json, "name", where);
            if (!BackupIds.isValid(name)) {
                throw new GraphVaultException(where + ": \"name\" '" + excerpt(name) + "' is not a backup name: use letters, digits,"
                        + " '.', '_' or '-', not starting with '.' and without '..' or path separators");
            }
        }
        BackupTarget to = target(json, where);
        List<String> excluded = null;
        if (json.has("excludeProperties")) {
            JsonNode list = json.get("excludeProperties");
            if (!list.isArray()) {
                throw new GraphVaultException(where + ": \"excludeProperties\" must be a list of property keys");
            }
            excluded = new ArrayList<>();
            for (JsonNode key : list) {
                if (!key.isTextual() || key.asText().isBlank()) {
                    throw new GraphVaultException(where + ": \"excludeProperties\" holds " + excerpt(key) + ", not a property key");
                }
                excluded.add(key.asText());
            }
        }
        Integer batchSize = null;
        if (json.has("batchSize")) {
            JsonNode n = json.get("batchSize");
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
                throw new GraphVaultException(where + ": \"batchSize\" must be a positive whole number, not " + excerpt(n));
            }
            batchSize = n.asInt();
        }
        return defaults.backup(name, to, excluded, batchSize);
    }

    /** {@code "to"}: local, s3 or both; {@code "s3": true} is both, false local; neither: BACKUP_TO. */
    private BackupTarget target(JsonNode json, String where) {
        BackupTarget to = defaults.target();
        if (json.has("s3")) {
            if (!json.get("s3").isBoolean()) {
                throw new GraphVaultException(where + ": \"s3\" must be true or false, not " + excerpt(json.get("s3")));
            }
            to = json.get("s3").asBoolean() ? BackupTarget.BOTH : BackupTarget.LOCAL;
        }
        if (json.has("to")) {
            BackupTarget asked = BackupTarget.parse(where + ": \"to\"", excerpt(text(json, "to", where)));
            if (json.has("s3") && asked != to) {
                throw new GraphVaultException(where + ": \"s3\": " + json.get("s3") + " and \"to\": \"" + asked
                        + "\" disagree; give one of them");
            }
            to = asked;
        }
        if (to.usesS3() && !s3.configured()) {
            throw new GraphVaultException(where + " asks for a backup to " + to + " but S3_BUCKET is not set");
        }
        return to;
    }

    private RestoreRequest restore(JsonNode json, String where) {
        checkFields(json, RESTORE_FIELDS, where);
        if (!json.has("from")) {
            throw new GraphVaultException(where + ": a restore needs \"from\": a backup id in BACKUP_DIR or s3://bucket/prefix/ID");
        }
        String from = text(json, "from", where);
        if (S3Location.isS3(from)) {
            S3Location.parse(from);
            return RestoreRequest.of(from);
        }
        Path resolved;
        try {
            resolved = backupRoot.resolve(from).normalize();
        } catch (InvalidPathException e) {
            throw new GraphVaultException(where + ": \"from\" '" + excerpt(from) + "' is not a path");
        }
        if (!resolved.startsWith(backupRoot) || resolved.equals(backupRoot) || !Files.isDirectory(resolved)) {
            throw new GraphVaultException(where + ": \"from\" '" + excerpt(from) + "' is not a backup in " + backupRoot
                    + "; give the id of a backup there, or s3://bucket/prefix/ID");
        }
        return RestoreRequest.of(resolved.toString());
    }

    /**
     * The trigger's bytes. Symbolic links and anything but a regular file (a directory, a pipe that
     * would block the read) are refused unread; the open does not follow a link either, so a file
     * swapped for one after the check is refused too.
     */
    private static byte[] readTrigger(Path file, String where) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                throw new GraphVaultException(where + " is a symbolic link: a trigger must be a regular file in the inbox,"
                        + " and GraphVault never follows a link out of it (the link was not read; its target is untouched)");
            }
            if (!attributes.isRegularFile()) {
                throw new GraphVaultException(where + " is not a regular file (a pipe, device or other special file): it was"
                        + " not read; a trigger is an empty file or a small JSON object");
            }
            if (attributes.size() > MAX_BYTES) {
                throw new GraphVaultException(where + " is " + attributes.size() + " bytes: a trigger is empty or a small JSON object");
            }
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] content = in.readNBytes(MAX_BYTES + 1);
                if (content.length > MAX_BYTES) {
                    throw new GraphVaultException(where + " grew past " + MAX_BYTES + " bytes while it was read: a trigger is"
                            + " empty or a small JSON object");
                }
                return content;
            }
        } catch (IOException e) {
            throw new GraphVaultException(where + " cannot be read (" + e.getClass().getSimpleName() + "); it was not used", e);
        }
    }

    /**
     * A few characters of what the trigger holds, for an error message: at most 16, control
     * characters shown as '?'. A trigger may be a file someone did not mean to drop there,
     * so no message carries more of it.
     */
    static String excerpt(Object value) {
        String text = String.valueOf(value);
        StringBuilder b = new StringBuilder();
        text.codePoints().limit(EXCERPT).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.append(text.codePointCount(0, text.length()) > EXCERPT ? "…" : "").toString();
    }

    private static void checkFields(JsonNode json, Set<String> allowed, String where) {
        for (Iterator<String> it = json.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new GraphVaultException(where + ": unknown field \"" + excerpt(field) + "\"; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode json, String field, String where) {
        JsonNode n = json.get(field);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new GraphVaultException(where + ": \"" + field + "\" must be a non-empty string, not " + excerpt(n));
        }
        return n.asText();
    }

    /**
     * Writes why a trigger was rejected (or its backup failed) beside where the file is moved, then
     * rethrows so the file consumer moves it to {@code .failed/}.
     */
    public void reject(@Header(Exchange.FILE_NAME) String fileName, Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        GraphVaultException known = GraphVaultException.find(e);
        String reason = known != null ? known.getMessage() : String.valueOf(e);
        Path failed = inbox.resolve(FAILED_DIR);
        String name = Path.of(fileName).getFileName().toString();
        // the whole reason: a restore's problems are listed one per line after the first
        String text = (reason.contains(name) ? "" : name + ": ") + reason.strip();
        LOG.warn("inbox trigger moved to {}/: {}", FAILED_DIR, text);
        try {
            Files.createDirectories(failed);
            Files.writeString(failed.resolve(name + ".error.txt"), text + System.lineSeparator());
        } catch (IOException io) {
            e.addSuppressed(io);
        }
        throw e;
    }
}
