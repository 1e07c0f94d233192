package dev.paperboy.notify.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes what only serves to send or resend digests once it is past its retention: the status and paper keys of
 * digests SENT, FAILED or CANCELLED before the cutoff, and stored papers that no remaining digest names (nor a
 * ledger document recorded since the cutoff) and that were stored, or last reused, before the cutoff. PENDING
 * digests are kept whatever their age. The ledger documents themselves ({@code offers}: key, subscriber, pairs,
 * creation time) are never removed: they are what keeps a paper that trends again months later from being offered
 * twice, and a very late rerun of a digest key from recording it again.
 */
@Component
public class DigestRetention {

    private static final int DELETE_BATCH = 1000;
    /** What a finished digest loses past the retention ({@code entries}: papers inside, from earlier versions). */
    private static final List<String> STATUS_FIELDS = List.of("frequency", "papers", "entries", "messageId", "state",
            "attempts", "owner", "leaseUntil", "sentAt");

    private final MongoCollection<Document> offers;
    private final MongoCollection<Document> papers;

    public DigestRetention(MongoTemplate mongo) {
        this.offers = mongo.getCollection(DigestRecorder.OFFERS);
        this.papers = mongo.getCollection(mongo.getCollectionName(DigestPaper.class));
    }

    /** What one pruning removed: the statuses of that many digests, and that many stored papers. */
    public record Pruned(long digests, long papers) {
    }

    public Pruned prune(Instant cutoff) {
        Date before = Date.from(cutoff);
        long digestsRemoved = offers.updateMany(Filters.and(Filters.in("state", DigestState.SENT.name(),
                DigestState.FAILED.name(), DigestState.CANCELLED.name()), Filters.lt("createdAt", before)),
                Updates.combine(STATUS_FIELDS.stream().map(Updates::unset).toList())).getModifiedCount();
        Set<String> named = new HashSet<>();
        List<String> states = Arrays.stream(DigestState.values()).map(Enum::name).toList();
        for (Document digest : offers.find(Filters.in("state", states)).projection(new Document("papers", 1))) {
            addPapers(digest, named);
        }
        // an older version's claim without a status, which the next recorder of its key completes
        for (Document ledger : offers.find(Filters.gte("createdAt", before)).projection(new Document("papers", 1))) {
            addPapers(ledger, named);
        }
        // the age condition again in the delete: a paper reused (storedAt refreshed) meanwhile stays
        Bson old = Filters.or(Filters.lt(PaperVersions.STORED_AT, before),
                Filters.exists(PaperVersions.STORED_AT, false));
        List<String> unnamed = new ArrayList<>();
        for (Document paper : papers.find(old).projection(new Document("_id", 1))) {
            if (!named.contains(paper.getString("_id"))) {
                unnamed.add(paper.getString("_id"));
            }
        }
        long papersRemoved = 0;
        for (int from = 0; from < unnamed.size(); from += DELETE_BATCH) {
            papersRemoved += papers.deleteMany(Filters.and(Filters.in("_id",
                    unnamed.subList(from, Math.min(unnamed.size(), from + DELETE_BATCH))), old)).getDeletedCount();
        }
        return new Pruned(digestsRemoved, papersRemoved);
    }

    private static void addPapers(Document document, Set<String> named) {
        List<String> keys = document.getList("papers", String.class);
        if (keys != null) {
            named.addAll(keys);
        }
    }
}
