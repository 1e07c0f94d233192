package dev.paperboy.contracts;

/**
 * Every Kafka topic of Paperboy, with its single writer. Partition counts and retention are documented in
 * docs/events.md; the services create the topics they write with these settings.
 */
public final class Topics {

    /** Paper events, key = canonical arXiv id. Writer: ingest-service. Compacted, kept forever. */
    public static final String PAPERS = "papers.v1";

    /** Trending snapshots, key = window ("day" / "week"). Writer: catalog-service. */
    public static final String TRENDING = "trending.v1";

    /** Inputs ingest-service refused, key = source. Writer: ingest-service. */
    public static final String INGEST_REJECTS = "ingest.rejects.v1";

    /** Dead letters of the catalog's papers.v1 consumer. Writer: catalog-service (its binder). */
    public static final String PAPERS_DLQ = "papers.v1.catalog.dlq";

    /** Dead letters of the notify-service trending.v1 consumer. Writer: notify-service (its binder). */
    public static final String TRENDING_DLQ = "trending.v1.notify.dlq";

    public static final int PAPERS_PARTITIONS = 12;
    public static final int TRENDING_PARTITIONS = 1;
    public static final int INGEST_REJECTS_PARTITIONS = 3;

    private Topics() {
    }
}
