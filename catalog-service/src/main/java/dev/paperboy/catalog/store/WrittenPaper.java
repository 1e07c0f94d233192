package dev.paperboy.catalog.store;

import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stored paper as this instance last wrote (or read) it, compactly, so that the next events of the paper can be
 * merged and written without reading the document again: the revision and write time (the guard), the upvote
 * history, and every other field as 128 bits: numbers and dates exactly (the ordering keys among them), strings
 * and lists as a SHA-256 digest (cut to 128 bits) of their value. A field whose digest is unchanged is not
 * written, as with a read document. About 0.5 KB a paper, against ~2 KB of JSON and several times that as a
 * driver {@link Document}.
 * <p>
 * Only ever used behind its {@link #guard}: {@code {_id, _rev, storedAt}}. If anyone else wrote the paper since,
 * the write matches nothing and the batch reads the paper and merges again, as after any lost race.
 */
final class WrittenPaper implements StoredPaper {

    /** The fields kept as digests: all a paper document holds but its id, history, revision and write time. */
    private static final List<String> TRACKED = List.of(PaperFields.SCHEMA_VERSION, PaperFields.EVENT_ID,
            PaperFields.VERSION, PaperFields.TITLE, PaperFields.ABSTRACT, PaperFields.AUTHORS,
            PaperFields.CATEGORIES, PaperFields.PRIMARY_CATEGORY, PaperFields.KEYWORDS, PaperFields.PUBLISHED_AT,
            PaperFields.UPDATED_AT, PaperFields.DAILY_DATE, PaperFields.UPVOTES, PaperFields.COMMENTS,
            PaperFields.GITHUB_REPO, PaperFields.GITHUB_STARS, PaperFields.PROJECT_PAGE, PaperFields.ORGANIZATION,
            PaperFields.AFFILIATIONS, PaperFields.DOI, PaperFields.JOURNAL_REF, PaperFields.COMMENT,
            PaperFields.SOURCE, PaperFields.OBSERVED_AT, PaperFields.FIRST_SEEN_AT, PaperFields.TRACEPARENT);
    private static final Map<String, Integer> SLOTS = new HashMap<>();

    static {
        for (int i = 0; i < TRACKED.size(); i++) {
            SLOTS.put(TRACKED.get(i), i);
        }
    }

    // first half of an exact value's 128 bits: its type (a digest's first half equals one with probability 2^-64)
    private static final long INT = 1;
    private static final long LONG = 2;
    private static final long DATE = 3;
    private static final long NO_STORED_AT = Long.MIN_VALUE;
    private static final ThreadLocal<Sha> SHA_256 = ThreadLocal.withInitial(WrittenPaper::sha256);

    private final long revision;
    private final long storedAt;
    /** Bit i: TRACKED[i] is stored with a value {@link #encode} could take. */
    private final long present;
    /** Two longs per tracked field. */
    private final long[] values;
    private final long[] historyAt;
    private final int[] historyUpvotes;

    private WrittenPaper(long revision, long storedAt, long present, long[] values, TreeMap<Long, Integer> history) {
        this.revision = revision;
        this.storedAt = storedAt;
        this.present = present;
        this.values = values;
        this.historyAt = new long[history.size()];
        this.historyUpvotes = new int[history.size()];
        int i = 0;
        for (Map.Entry<Long, Integer> observation : history.entrySet()) {
            historyAt[i] = observation.getKey();
            historyUpvotes[i++] = observation.getValue();
        }
    }

    /** The state of a whole stored document; null when it lacks the revision a guard needs. */
    static WrittenPaper of(Document stored) {
        if (!(stored.get(PaperFields.REV) instanceof Long revision)) {
            return null;
        }
        long present = 0;
        long[] values = new long[2 * TRACKED.size()];
        for (int i = 0; i < TRACKED.size(); i++) {
            Object value = stored.get(TRACKED.get(i));
            if (value != null && encode(value, values, 2 * i)) {
                present |= 1L << i;
            }
        }
        return new WrittenPaper(revision, stored.get(PaperFields.STORED_AT) instanceof Date at ? at.getTime()
                : NO_STORED_AT, present, values, PaperMerge.readHistory(stored));
    }

    /**
     * The state once {@code $set: set} is written, putting into {@code changed} the entries of {@code set} whose
     * value differs from this state (the ones to write); null when the result could not be guarded (no revision).
     */
    WrittenPaper after(Document set, Document changed) {
        long nextRevision = revision;
        long nextStoredAt = storedAt;
        long nextPresent = present;
        long[] nextValues = values.clone();
        TreeMap<Long, Integer> nextHistory = null;
        long[] encoded = new long[2];
        for (Map.Entry<String, Object> entry : set.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            Integer slot = SLOTS.get(field);
            boolean differs;
            if (slot != null) {
                int bit = slot;
                boolean known = value != null && encode(value, encoded, 0);
                differs = !known || (present & (1L << bit)) == 0
                        || values[2 * bit] != encoded[0] || values[2 * bit + 1] != encoded[1];
                nextValues[2 * bit] = encoded[0];
                nextValues[2 * bit + 1] = encoded[1];
                nextPresent = known ? nextPresent | (1L << bit) : nextPresent & ~(1L << bit);
            } else if (PaperFields.REV.equals(field)) {
                differs = !(value instanceof Long rev) || rev != revision;
                nextRevision = value instanceof Long rev ? rev : Long.MIN_VALUE;
            } else if (PaperFields.STORED_AT.equals(field)) {
                long at = value instanceof Date date ? date.getTime() : NO_STORED_AT;
                differs = at == NO_STORED_AT || at != storedAt;
                nextStoredAt = at;
            } else if (PaperFields.HISTORY.equals(field)) {
                nextHistory = PaperMerge.readHistory(set);
                differs = !sameHistory(nextHistory);
            } else {
                differs = true; // not a field this state knows of: always written
            }
            if (differs) {
                changed.put(field, value);
            }
        }
        if (nextRevision == Long.MIN_VALUE) {
            return null;
        }
        return new WrittenPaper(nextRevision, nextStoredAt, nextPresent, nextValues,
                nextHistory != null ? nextHistory : history());
    }

    @Override
    public PaperEvent newest(String id) {
        Integer schema = integer(PaperFields.SCHEMA_VERSION);
        return new PaperEvent(schema == null ? PaperEvent.SCHEMA_VERSION : schema, null, id,
                integer(PaperFields.VERSION), null, null, null, null, null, null, null,
                instant(PaperFields.UPDATED_AT), null, null, null, null, null, null, null, null, null, null, null,
                null, instant(PaperFields.OBSERVED_AT));
    }

    @Override
    public TreeMap<Long, Integer> history() {
        TreeMap<Long, Integer> history = new TreeMap<>();
        for (int i = 0; i < historyAt.length; i++) {
            history.put(historyAt[i], historyUpvotes[i]);
        }
        return history;
    }

    @Override
    public Instant firstSeen() {
        return instant(PaperFields.FIRST_SEEN_AT);
    }

    @Override
    public long revision() {
        return revision;
    }

    /** {@code {_id, _rev, storedAt}}: the write time tells apart a paper deleted and written again to this revision. */
    @Override
    public Document guard(String id) {
        return new Document(PaperFields.ID, id).append(PaperFields.REV, revision)
                .append(PaperFields.STORED_AT, storedAt == NO_STORED_AT ? null : new Date(storedAt));
    }

    /** Approximate heap bytes of this state (object headers, arrays). */
    long bytes() {
        return 48 + 16 + 8L * values.length + 32 + 12L * historyAt.length;
    }

    private boolean sameHistory(TreeMap<Long, Integer> other) {
        if (other.size() != historyAt.length) {
            return false;
        }
        int i = 0;
        for (Map.Entry<Long, Integer> observation : other.entrySet()) {
            if (observation.getKey() != historyAt[i] || observation.getValue() != historyUpvotes[i]) {
                return false;
            }
            i++;
        }
        return true;
    }

    private Integer integer(String field) {
        int slot = 2 * SLOTS.get(field);
        boolean stored = (present & (1L << (slot / 2))) != 0;
        return stored && (values[slot] == INT || values[slot] == LONG) ? (int) values[slot + 1] : null;
    }

    private Instant instant(String field) {
        int slot = 2 * SLOTS.get(field);
        boolean stored = (present & (1L << (slot / 2))) != 0;
        return stored && values[slot] == DATE ? Instant.ofEpochMilli(values[slot + 1]) : null;
    }

    /** Writes the 128 bits of {@code value} at {@code into[at]}, {@code into[at + 1]}; false for other types. */
    private static boolean encode(Object value, long[] into, int at) {
        switch (value) {
            case Integer i -> exact(INT, i, into, at);
            case Long l -> exact(LONG, l, into, at);
            case Date d -> exact(DATE, d.getTime(), into, at);
            case String s -> {
                Sha sha = SHA_256.get();
                sha.digest.update((byte) 'S');
                sha.digest.update(s.getBytes(StandardCharsets.UTF_8));
                sha.finish(into, at);
            }
            case List<?> list -> {
                Sha sha = SHA_256.get();
                sha.digest.update((byte) 'L');
                for (Object element : list) {
                    if (!(element instanceof String s)) {
                        sha.digest.reset();
                        return false;
                    }
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    sha.length(bytes.length);
                    sha.digest.update(bytes);
                }
                sha.finish(into, at);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void exact(long type, long value, long[] into, int at) {
        into[at] = type;
        into[at + 1] = value;
    }

    /** A SHA-256 digest and its buffers, one per thread. */
    private record Sha(MessageDigest digest, byte[] out) {

        void length(int length) {
            digest.update((byte) (length >>> 24));
            digest.update((byte) (length >>> 16));
            digest.update((byte) (length >>> 8));
            digest.update((byte) length);
        }

        void finish(long[] into, int at) {
            try {
                digest.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
            into[at] = (long) LONGS.get(out, 0);
            into[at + 1] = (long) LONGS.get(out, 8);
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static Sha sha256() {
        try {
            return new Sha(MessageDigest.getInstance("SHA-256"), new byte[32]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
