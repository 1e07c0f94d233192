package dev.paperboy.notify.delivery;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes what only serves to send or resend digests once it is past its retention: digests SENT, FAILED or
 * CANCELLED before the cutoff, and stored papers that no remaining digest names (nor a ledger document recorded
 * since the cutoff, whose status may still be written) and that were stored, or last reused, before the cutoff.
 * PENDING digests are kept whatever their age. The delivery ledger ({@code offers}) is never pruned: it is what
 * keeps a paper that trends again months later from being offered twice.
 */
@Component
public class DigestRetention {

    private static final int DELETE_BATCH = 1000;

    private final MongoCollection<Document> digests;
    private final MongoCollection<Document> offers;
    private final MongoCollection<Document> papers;

    public DigestRetention(MongoTemplate mongo) {
        this.digests = mongo.getCollection(mongo.getCollectionName(DigestStatus.class));
        this.offers = mongo.getCollection(DigestRecorder.OFFERS);
        this.papers = mongo.getCollection(mongo.getCollectionName(DigestPaper.class));
    }

    /** What one pruning removed. */
    public record Pruned(long digests, long papers) {
    }

    public Pruned prune(Instant cutoff) {
        Date before = Date.from(cutoff);
        long digestsRemoved = digests.deleteMany(Filters.and(Filters.in("state", DigestState.SENT.name(),
                DigestState.FAILED.name(), DigestState.CANCELLED.name()), Filters.lt("createdAt", before)))
                .getDeletedCount();
        Set<String> named = new HashSet<>();
        for (Document digest : digests.find().projection(new Document("papers", 1))) {
            addPapers(digest, named);
        }
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
