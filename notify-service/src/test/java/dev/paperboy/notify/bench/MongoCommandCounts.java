package dev.paperboy.notify.bench;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonArray;
import org.bson.BsonValue;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the commands the service sends to MongoDB (and the documents or statements they carry), so that a
 * benchmark can print MongoDB round trips per digest: a figure the machine's load does not disturb.
 */
final class MongoCommandCounts implements CommandListener {

    /** Commands and the documents / statements they carry, by command name and collection. */
    record Count(long commands, long items) {
    }

    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> items = new ConcurrentHashMap<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        // "update offers": the command and the collection it names (for insert, update, delete, find, ...)
        BsonValue target = event.getCommand().get(event.getCommandName());
        String name = target instanceof org.bson.BsonString collection
                ? event.getCommandName() + " " + collection.getValue() : event.getCommandName();
        commands.computeIfAbsent(name, n -> new LongAdder()).increment();
        for (String field : new String[] {"documents", "updates", "deletes"}) {
            BsonValue carried = event.getCommand().get(field);
            if (carried instanceof BsonArray array) {
                items.computeIfAbsent(name, n -> new LongAdder()).add(array.size());
            }
        }
    }

    Map<String, Count> snapshot() {
        Map<String, Count> now = new TreeMap<>();
        commands.forEach((name, count) -> now.put(name, new Count(count.sum(),
                items.getOrDefault(name, new LongAdder()).sum())));
        return now;
    }

    /** "insert offers 0.0040 (12 commands, 2.00 carried per digest); ..." per {@code per} between {@code before} and now. */
    String perUnit(Map<String, Count> before, long per) {
        StringBuilder out = new StringBuilder();
        snapshot().forEach((name, count) -> {
            Count was = before.getOrDefault(name, new Count(0, 0));
            long commandsSince = count.commands() - was.commands();
            long itemsSince = count.items() - was.items();
            if (commandsSince > 0 && !name.equals("ping")) {
                out.append(String.format("%s %.4f (%,d commands", name, (double) commandsSince / per, commandsSince));
                if (itemsSince > 0) {
                    out.append(String.format(", %.2f carried per digest", (double) itemsSince / per));
                }
                out.append("); ");
            }
        });
        return out.toString();
    }
}
