package dev.paperboy.catalog.search;

import org.apache.lucene.util.BytesRef;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a page: the sort it belongs to, the instant trending scores were evaluated at, and
 * the sort values of the last hit (always ending with its id), encoded base64url; a relevance cursor also carries
 * the {@link ScoringStatistics} its first page was scored with (null in cursors written before they existed).
 * Decoding checks everything, so a damaged or foreign cursor is a {@link IllegalArgumentException}, never a server
 * error.
 */
public record SearchCursor(SortOrder sort, Instant now, Object[] values, ScoringStatistics statistics) {

    public SearchCursor(SortOrder sort, Instant now, Object[] values) {
        this(sort, now, values, null);
    }

    private static final int MAGIC = 0x50_42_43_31; // "PBC1"
    private static final int MAX_VALUES = 8;
    private static final int MAX_LENGTH = 4096;

    public String encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(sort.ordinal());
            out.writeLong(now.toEpochMilli());
            out.writeByte(values.length);
            for (Object value : values) {
                switch (value) {
                    case Long l -> { out.writeByte('L'); out.writeLong(l); }
                    case Integer i -> { out.writeByte('I'); out.writeInt(i); }
                    case Double d -> { out.writeByte('D'); out.writeDouble(d); }
                    case Float f -> { out.writeByte('F'); out.writeFloat(f); }
                    case BytesRef b -> {
                        out.writeByte('B');
                        out.writeShort(b.length);
                        out.write(b.bytes, b.offset, b.length);
                    }
                    case null, default -> throw new IllegalStateException("unexpected sort value " + value);
                }
            }
            if (statistics != null) {
                out.writeByte('S');
                statistics.write(out);
            }
            out.flush();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes {@code text}; {@link IllegalArgumentException} when it is not a cursor this service wrote. */
    public static SearchCursor decode(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("not a cursor");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a cursor");
            }
            int ordinal = in.readUnsignedByte();
            if (ordinal >= SortOrder.values().length) {
                throw new IllegalArgumentException("not a cursor");
            }
            SortOrder sort = SortOrder.values()[ordinal];
            Instant now = Instant.ofEpochMilli(in.readLong());
            int count = in.readUnsignedByte();
            if (count == 0 || count > MAX_VALUES) {
                throw new IllegalArgumentException("not a cursor");
            }
            Object[] values = new Object[count];
            for (int i = 0; i < count; i++) {
                int tag = in.readUnsignedByte();
                values[i] = switch (tag) {
                    case 'L' -> in.readLong();
                    case 'I' -> in.readInt();
                    case 'D' -> in.readDouble();
                    case 'F' -> in.readFloat();
                    case 'B' -> {
                        byte[] b = new byte[in.readUnsignedShort()];
                        in.readFully(b);
                        yield new BytesRef(b);
                    }
                    default -> throw new IllegalArgumentException("not a cursor");
                };
            }
            ScoringStatistics statistics = null;
            if (in.available() > 0) {
                if (in.readUnsignedByte() != 'S') {
                    throw new IllegalArgumentException("not a cursor");
                }
                statistics = ScoringStatistics.read(in);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new SearchCursor(sort, now, values, statistics);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a cursor", e);
        }
    }
}
