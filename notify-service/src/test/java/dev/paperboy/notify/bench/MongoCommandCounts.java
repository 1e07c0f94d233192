package dev.paperboy.notify.bench;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonArray;
import org.bson.BsonValue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands the service sends to MongoDB (and the documents they insert or change), so that a
 * benchmark can print MongoDB round trips per digest: a figure the machine's load does not disturb; and their time
 * from sending to the reply, which on the in-process server is mostly its work on them (disturbed by the load).
 */
final class MongoCommandCounts implements CommandListener {

    /** Commands, the documents they inserted or changed, and their nanoseconds, by command name and collection. */
    record Count(long commands, long items, long nanos) {
    }

    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> items = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    /** The name of each command in flight, by request id. */
    private final Map<Integer, String> inFlight = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        // "update offers": the command and the collection it names (for insert, update, delete, find, ...)
        BsonValue target = event.getCommand().get(event.getCommandName());
        String name = target instanceof org.bson.BsonString collection
                ? event.getCommandName() + " " + collection.getValue() : event.getCommandName();
        commands.computeIfAbsent(name, n -> new LongAdder()).increment();
        inFlight.put(event.getRequestId(), name);
        if (event.getCommand().get("documents") instanceof BsonArray documents) {
            items.computeIfAbsent(name, n -> new LongAdder()).add(documents.size());
        }
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        String name = finished(event.getRequestId(), event.getElapsedTime(TimeUnit.NANOSECONDS));
        // updates and deletes: the documents they matched
        if (name != null && (name.startsWith("update") || name.startsWith("delete"))
                && event.getResponse().get("n") instanceof org.bson.BsonNumber n) {
            items.computeIfAbsent(name, key -> new LongAdder()).add(n.longValue());
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        finished(event.getRequestId(), event.getElapsedTime(TimeUnit.NANOSECONDS));
    }

    /** Counts the time of the command in flight under {@code requestId}; its name, or null if not seen starting. */
    private String finished(int requestId, long elapsedNanos) {
        String name = inFlight.remove(requestId);
        if (name != null) {
            nanos.computeIfAbsent(name, n -> new LongAdder()).add(elapsedNanos);
        }
        return name;
    }

    Map<String, Count> snapshot() {
        Map<String, Count> now = new TreeMap<>();
        commands.forEach((name, count) -> now.put(name, new Count(count.sum(),
                items.getOrDefault(name, new LongAdder()).sum(), nanos.getOrDefault(name, new LongAdder()).sum())));
        return now;
    }

    /** "insert offers 0.0040 (12 commands, 1.00 documents per digest, 95 µs per digest); ..." per {@code per} between {@code before} and now. */
    String perUnit(Map<String, Count> before, long per) {
        StringBuilder out = new StringBuilder();
        snapshot().forEach((name, count) -> {
            Count was = before.getOrDefault(name, new Count(0, 0, 0));
            long commandsSince = count.commands() - was.commands();
            long itemsSince = count.items() - was.items();
            if (commandsSince > 0 && !name.equals("ping")) {
                out.append(String.format("%s %.4f (%,d commands", name, (double) commandsSince / per, commandsSince));
                if (itemsSince > 0) {
                    out.append(String.format(", %.2f documents per digest", (double) itemsSince / per));
                }
                out.append(String.format(", %.0f µs per digest); ", (count.nanos() - was.nanos()) / 1e3 / per));
            }
        });
        return out.toString();
    }
}
