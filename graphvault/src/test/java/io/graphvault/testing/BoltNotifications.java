package io.graphvault.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every notification the server sends to the drivers of this JVM, with the query that drew it. The
 * driver logs each Bolt message at DEBUG ({@code C: RUN …}, {@code S: SUCCESS {…}}), and a SUCCESS
 * carries the query's notifications ({@code notifications}, or GQL {@code statuses} from Bolt 5.6
 * on), so this listens to those loggers while it is open. Warnings (GQL class 01), informational
 * notifications (03) and, on older Bolt, every {@code Neo.ClientNotification.Statement.*} count.
 * Statuses of class 00 do not: "successful completion" notes such as 00NA0 (a CREATE … IF NOT
 * EXISTS that found the index there, which every replay meets by design) and 02 (no data).
 */
public final class BoltNotifications extends AbstractAppender implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("org.neo4j.bolt", "org.neo4j.driver");
    private static final Pattern CHANNEL = Pattern.compile("^\\[0x([0-9a-f]+)]");
    private static final Pattern NOTIFICATION = Pattern.compile("gql_status: \"(0[13]\\w+)\"|[^_]code: \"(Neo\\.ClientNotification\\.Statement[^\"]*)\"");

    private final Map<String, String> lastRun = new HashMap<>();
    private final List<String> found = new ArrayList<>();
    private int runs;

    private BoltNotifications() {
        super("bolt-notifications", null, null, true, Property.EMPTY_ARRAY);
    }

    /** Starts listening; {@link #close()} stops. */
    public static BoltNotifications listen() {
        BoltNotifications appender = new BoltNotifications();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        for (String name : LOGGERS) {
            LoggerConfig logger = new LoggerConfig(name, Level.DEBUG, false);
            logger.addAppender(appender, Level.DEBUG, null);
            config.addLogger(name, logger);
        }
        context.updateLoggers();
        return appender;
    }

    @Override
    public synchronized void append(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        Matcher channel = CHANNEL.matcher(message);
        String key = channel.find() ? channel.group(1) : event.getThreadName();
        if (message.contains("C: RUN ")) {
            runs++;
            lastRun.put(key, message.substring(message.indexOf("C: RUN ") + 7));
        } else if (message.contains("S: SUCCESS ")) {
            Matcher m = NOTIFICATION.matcher(message);
            while (m.find()) {
                found.add((m.group(1) != null ? m.group(1) : m.group(2)) + " on " + lastRun.get(key) + "\n    " + message);
            }
        }
    }

    /** Each notification with the query that drew it and the server's whole message. */
    public synchronized List<String> notifications() {
        return List.copyOf(found);
    }

    /** How many queries were seen: a listener that sees none proves nothing. */
    public synchronized int queries() {
        return runs;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LOGGERS.forEach(context.getConfiguration()::removeLogger);
        context.updateLoggers();
        stop();
    }
}
