package dev.paperboy.ingest.publish;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last published state of every paper, in MongoDB (collection {@code papers} of the ingest database), so that
 * change detection and the merge of sources survive a restart. Written only after Kafka acknowledged the event,
 * with idempotent replace-upserts by {@code _id}.
 */
@Component
class PaperStateStore {

    static final String COLLECTION = "papers";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;

    PaperStateStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * @param stored whether a document for this paper already exists (decides insert or replace)
     * @param json   the paper as published (so it is serialised once for Kafka and the store); null when loaded
     */
    record State(PaperEvent paper, boolean bibliographicFromArxiv, String fingerprint, boolean stored, byte[] json) {
    }

    Map<String, State> load(Collection<String> ids) {
        Map<String, State> out = new HashMap<>();
        // every document is wanted: one batch (capped at 16 MiB by MongoDB) instead of 101 and then getMores
        for (Document doc : collection().find(Filters.in("_id", ids)).batchSize(Math.max(1, ids.size()))) {
            // UTF-8 JSON bytes; documents written before that hold the same JSON as a string
            PaperEvent paper = doc.get("paper") instanceof Binary json
                    ? EventCodec.fromJson(json.getData(), PaperEvent.class)
                    : EventCodec.fromJson(doc.getString("paper"), PaperEvent.class);
            out.put(doc.getString("_id"), new State(paper, doc.getBoolean("bibFromArxiv", false),
                    doc.getString("fingerprint"), true, null));
        }
        return out;
    }

    /**
     * Inserts new papers and replaces known ones, unordered in one bulk. Inserting what is known to be new avoids
     * an upsert's lookup (a scan on the embedded server); a paper another writer inserted meanwhile fails with a
     * duplicate key and is replaced instead, so the write stays idempotent.
     */
    void save(List<State> states) {
        if (states.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = states.stream().map(state -> state.stored()
                ? (WriteModel<Document>) replace(state) : new InsertOneModel<>(document(state))).toList();
        try {
            collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            List<WriteModel<Document>> retries = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                retries.add(replace(states.get(error.getIndex())));
            }
            collection().bulkWrite(retries, new BulkWriteOptions().ordered(false));
        }
    }

    private static ReplaceOneModel<Document> replace(State state) {
        return new ReplaceOneModel<>(Filters.eq("_id", state.paper().id()), document(state),
                new ReplaceOptions().upsert(true));
    }

    /**
     * The paper is kept as the UTF-8 JSON bytes that were published (BSON binary): no string is decoded for the
     * write nor re-encoded by the driver, which the bulk import path otherwise pays per paper.
     */
    private static Document document(State state) {
        return new Document("_id", state.paper().id())
                .append("fingerprint", state.fingerprint())
                .append("bibFromArxiv", state.bibliographicFromArxiv())
                .append("paper", new Binary(state.json() != null ? state.json() : EventCodec.toJson(state.paper())))
                .append("savedAt", new Date());
    }

    // one digest per thread (a job's thread digests every paper of its import): getInstance is a provider lookup
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    /**
     * A digest of what a reader would see: every field except the event id, the observation time and the source
     * of this observation, so that re-observing an unchanged paper is recognised as unchanged. Fields are fed to
     * the digest directly (with separators and a null marker) rather than serialised to JSON first: this runs for
     * every record of a bulk import. The bytes fed must never change: stored fingerprints would all mismatch and
     * every known paper would be published again.
     */
    static String fingerprint(PaperEvent p) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        Object[] visible = {p.schemaVersion(), p.id(), p.version(), p.title(), p.abstractText(), p.authors(),
                p.categories(), p.primaryCategory(), p.keywords(), p.publishedAt(), p.updatedAt(), p.dailyDate(),
                p.upvotes(), p.comments(), p.githubRepo(), p.githubStars(), p.projectPage(), p.organization(),
                p.affiliations(), p.doi(), p.journalRef(), p.comment()};
        for (Object field : visible) {
            if (field instanceof List<?> list) {
                for (Object item : list) {
                    digest.update(String.valueOf(item).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0x1E);
                }
            } else if (field instanceof Instant instant) {
                digest.update(isoInstant(instant));
            } else if (field != null) {
                digest.update(field.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                digest.update((byte) 0x00);
            }
            digest.update((byte) 0x1F);
        }
        return Base64.getEncoder().withoutPadding().encodeToString(digest.digest());
    }

    /**
     * The bytes of {@link Instant#toString()}, written directly for whole seconds of the years 1970-9999 (every
     * paper date); the formatter behind toString cost a quarter of the fingerprint. Other instants use toString.
     */
    static byte[] isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (instant.getNano() != 0 || seconds < 0 || seconds >= YEAR_10000) {
            return instant.toString().getBytes(StandardCharsets.US_ASCII);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        byte[] out = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0, 'T', 0, 0, ':', 0, 0, ':', 0, 0, 'Z'};
        digits(out, 0, 4, t.getYear());
        digits(out, 5, 2, t.getMonthValue());
        digits(out, 8, 2, t.getDayOfMonth());
        digits(out, 11, 2, t.getHour());
        digits(out, 14, 2, t.getMinute());
        digits(out, 17, 2, t.getSecond());
        return out;
    }

    private static final long YEAR_10000 = 253_402_300_800L;

    private static void digits(byte[] out, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
