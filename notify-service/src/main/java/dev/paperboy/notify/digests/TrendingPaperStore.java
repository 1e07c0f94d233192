package dev.paperboy.notify.digests;

import dev.paperboy.contracts.TrendingEntry;
import dev.paperboy.contracts.TrendingSnapshot;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Papers seen in trending snapshots (collection {@code trending_papers}), the pool of daily and weekly digests. */
@Component
class TrendingPaperStore {

    @Document("trending_papers")
    record TrendingPaper(@Id String id, TrendingEntry entry, Instant firstSeenAt, Instant lastSeenAt) {
    }

    private final MongoTemplate mongo;

    TrendingPaperStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void record(TrendingSnapshot snapshot, Instant now) {
        if (snapshot.entries().isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, TrendingPaper.class);
        for (TrendingEntry entry : snapshot.entries()) {
            bulk.upsert(Query.query(where("_id").is(entry.id())),
                    new Update().set("entry", entry).set("lastSeenAt", now).setOnInsert("firstSeenAt", now));
        }
        bulk.execute();
    }

    /** Papers trending since {@code since}, best first (upvotes, then score). */
    List<TrendingEntry> seenSince(Instant since) {
        return mongo.find(Query.query(where("lastSeenAt").gte(since)), TrendingPaper.class).stream()
                .map(TrendingPaper::entry)
                .sorted(Comparator.comparingInt(TrendingEntry::upvotes).reversed()
                        .thenComparing(Comparator.comparingDouble(TrendingEntry::score).reversed()))
                .toList();
    }
}
