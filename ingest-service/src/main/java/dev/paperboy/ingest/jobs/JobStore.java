package dev.paperboy.ingest.jobs;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Job statuses in MongoDB (collection {@code jobs} of the ingest database), so that they survive restarts and
 * every instance answers for every job. The owning instance writes the whole status; other instances only set
 * {@code cancelRequested} (which the owner reads back with its next write) or, when the owner stopped
 * heartbeating, end the job as INTERRUPTED.
 */
@Component
class JobStore {

    static final String COLLECTION = "jobs";
    private static final String RUNNING = Job.Status.RUNNING.name();

    private final MongoTemplate mongo;

    JobStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The index the orphan sweep filters by (real MongoDB uses it; the embedded server scans). */
    void createIndexes() {
        collection().createIndex(Indexes.ascending("state", "heartbeatAt"));
    }

    /**
     * The owner's write of the whole status (an upsert: the first write creates the document). Answers whether
     * a cancel was requested meanwhile, by this or any other instance.
     */
    boolean save(JobView view) {
        List<Bson> sets = new ArrayList<>(List.of(
                Updates.set("kind", view.type()),
                Updates.set("description", view.description()),
                Updates.set("source", view.source()),
                Updates.set("parameters", new Document(new LinkedHashMap<>(view.parameters()))),
                Updates.set("state", view.status()),
                Updates.set("accepted", view.accepted()),
                Updates.set("unchanged", view.unchanged()),
                Updates.set("rejected", view.rejected()),
                Updates.set("rate", view.ratePerSecond()),
                Updates.set("etaSeconds", view.etaSeconds()),
                Updates.set("errors", view.errors()),
                Updates.set("startedAt", date(view.startedAt())),
                Updates.set("finishedAt", date(view.finishedAt())),
                Updates.set("owner", view.owner()),
                Updates.set("heartbeatAt", date(view.heartbeatAt()))));
        Document stored = collection().findOneAndUpdate(Filters.eq("_id", view.id()), Updates.combine(sets),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return stored != null && stored.getBoolean("cancelRequested", false);
    }

    Optional<JobView> find(String id) {
        return Optional.ofNullable(collection().find(Filters.eq("_id", id)).first()).map(JobStore::view);
    }

    /** Flags a running job for cancellation; answers false when there is no such job or it already ended. */
    boolean requestCancel(String id) {
        return collection().updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("state", RUNNING)),
                Updates.set("cancelRequested", true)).getModifiedCount() > 0
                || find(id).map(JobView::cancelRequested).orElse(false);
    }

    /**
     * Ends as INTERRUPTED every RUNNING job that {@code deadOwner} (may be null) last reported on before
     * {@code restartedAt}, or whose owner's heartbeat is older than {@code staleBefore}, except {@code alive}
     * (jobs this instance is running). Each update is conditional on the heartbeat read, so an owner that
     * reports again meanwhile keeps its job.
     */
    List<String> interruptOrphans(String deadOwner, Instant restartedAt, Instant staleBefore, Instant now,
                                  List<String> alive) {
        Bson stale = Filters.lt("heartbeatAt", date(staleBefore));
        Bson orphaned = deadOwner == null ? stale : Filters.or(stale, Filters.and(Filters.eq("owner", deadOwner),
                Filters.lt("heartbeatAt", date(restartedAt))));
        List<String> interrupted = new ArrayList<>();
        for (Document doc : collection().find(Filters.and(Filters.eq("state", RUNNING), orphaned,
                Filters.nin("_id", alive)))) {
            List<String> errors = new ArrayList<>(doc.getList("errors", String.class, List.of()));
            if (errors.size() >= Job.MAX_ERRORS) {
                errors.removeLast();
            }
            errors.add("interrupted: instance " + doc.getString("owner") + " stopped before the job ended (last "
                    + "heard of at " + instant(doc.getDate("heartbeatAt")) + "); run it again: unchanged papers "
                    + "are recognised and skipped");
            long matched = collection().updateOne(Filters.and(Filters.eq("_id", doc.get("_id")),
                    Filters.eq("state", RUNNING), Filters.eq("heartbeatAt", doc.getDate("heartbeatAt"))),
                    Updates.combine(Updates.set("state", Job.Status.INTERRUPTED.name()),
                            Updates.set("finishedAt", date(now)), Updates.set("etaSeconds", 0L),
                            Updates.set("errors", errors))).getMatchedCount();
            if (matched > 0) {
                interrupted.add(doc.getString("_id"));
            }
        }
        return interrupted;
    }

    private static JobView view(Document doc) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Document stored = doc.get("parameters", Document.class);
        if (stored != null) {
            stored.forEach((key, value) -> parameters.put(key, String.valueOf(value)));
        }
        long accepted = number(doc, "accepted");
        long unchanged = number(doc, "unchanged");
        long rejected = number(doc, "rejected");
        Number eta = doc.get("etaSeconds", Number.class);
        Number rate = doc.get("rate", Number.class);
        return new JobView(doc.getString("_id"), doc.getString("kind"), doc.getString("description"),
                doc.getString("state"), accepted, unchanged, rejected, accepted + unchanged + rejected,
                rate == null ? 0 : rate.doubleValue(), eta == null ? null : eta.longValue(),
                List.copyOf(doc.getList("errors", String.class, List.of())), instant(doc.getDate("startedAt")),
                instant(doc.getDate("finishedAt")), doc.getString("source"), parameters, doc.getString("owner"),
                doc.getBoolean("cancelRequested", false), instant(doc.getDate("heartbeatAt")));
    }

    private static long number(Document doc, String field) {
        Number n = doc.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
