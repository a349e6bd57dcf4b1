package io.graphvault.serve;

import io.graphvault.backup.BackupTarget;
import io.graphvault.internal.GraphVaultException;
import io.graphvault.restore.RestoreRequest;
import io.graphvault.storage.s3.S3Location;
import io.graphvault.storage.s3.S3Settings;
import com.fasterxml.jackson.core.JacksonException;
import io.graphvault.storage.s3.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.camel.Body;
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
     * The trigger's text, for the route to bind to a {@link Trigger} ({@link Trigger#format()}). The
     * file is read here, not by the route: it must be a regular file in the inbox, and is opened
     * without following a link, so a link planted there never runs anything nor carries its
     * target's content into an error.
     */
    public String read(@Header(Exchange.FILE_NAME) String fileName, @Header(FileConstants.FILE_ABSOLUTE_PATH) String path) {
        String text = new String(readTrigger(Path.of(path), where(fileName)), StandardCharsets.UTF_8).strip();
        // an empty trigger is a backup with the defaults, as an empty object is
        return text.isEmpty() ? "{}" : text;
    }

    /** The job a bound trigger asks for, after the checks that need serve's settings. */
    public Job job(@Header(Exchange.FILE_NAME) String fileName, @Body Trigger trigger) {
        String where = where(fileName);
        return switch (trigger.action()) {
            case BACKUP -> new Job.Backup(defaults.backup(trigger.name(), target(trigger, where), trigger.excludeProperties(),
                    trigger.batchSize(), trigger.incremental()));
            case RESTORE -> new Job.Restore(restore(trigger.from(), where));
        };
    }

    /** {@code "to"}: local, s3 or both; {@code "s3": true} is both, false local; neither: BACKUP_TO. */
    private BackupTarget target(Trigger trigger, String where) {
        BackupTarget to = defaults.target();
        if (trigger.s3() != null) {
            to = trigger.s3() ? BackupTarget.BOTH : BackupTarget.LOCAL;
        }
        if (trigger.to() != null) {
            BackupTarget asked = BackupTarget.parse(where + ": \"to\"", excerpt(trigger.to()));
            if (trigger.s3() != null && asked != to) {
                throw new GraphVaultException(where + ": \"s3\": " + trigger.s3() + " and \"to\": \"" + asked
                        + "\" disagree; give one of them");
            }
            to = asked;
        }
        if (to.usesS3() && !s3.configured()) {
            throw new GraphVaultException(where + " asks for a backup to " + to + " but S3_BUCKET is not set");
        }
        return to;
    }

    private RestoreRequest restore(String from, String where) {
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

    /**
     * Writes why a trigger was rejected (or its job failed) beside where the file is moved, then
     * throws so the file consumer moves it to {@code .failed/}.
     */
    public void reject(@Header(Exchange.FILE_NAME) String fileName, @Body Object body, Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        GraphVaultException refused = refusal(fileName, body instanceof String text ? text : "", e);
        String reason = refused != null ? refused.getMessage() : String.valueOf(e);
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
        throw refused != null && refused.getCause() == e ? refused : e;
    }

    /**
     * Why the trigger {@code text} was refused: a GraphVault error as it is; what Jackson found, as
     * one naming the file, the field and its line; null for anything else.
     */
    static GraphVaultException refusal(String fileName, String text, Exception e) {
        GraphVaultException known = GraphVaultException.find(e);
        if (known != null) {
            return known;
        }
        // the outermost: a mapping error wraps the parser's, and only the mapping error knows the field
        JacksonException json = Stream.iterate((Throwable) e, Objects::nonNull, Throwable::getCause)
                .filter(JacksonException.class::isInstance).map(JacksonException.class::cast).findFirst().orElse(null);
        return json == null ? null : new GraphVaultException(TriggerErrors.describe(where(fileName), text, json), e);
    }

    private static String where(String fileName) {
        return "inbox file " + fileName;
    }
}
