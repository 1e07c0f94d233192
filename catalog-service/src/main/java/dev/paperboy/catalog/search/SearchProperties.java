package dev.paperboy.catalog.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code paperboy.catalog.search.*}.
 *
 * @param indexDir        where this instance keeps its Lucene index (survives restarts)
 * @param refreshInterval how stale searchers may get: a stored paper is searchable at most about this much later
 * @param commitInterval  how often applied changes (and the change-stream resume token) are committed
 * @param pollWait        how long one poll of the change stream waits for changes
 * @param publicUrl       base URL of this service in links (feeds, {@code links.self})
 * @param collection      the MongoDB collection of papers
 * @param warmUpRounds    rounds of the start-up warm-up of indexing and search over synthetic papers in a
 *                        throwaway index, fed through a change stream of a throwaway collection in a database of
 *                        its own (readiness waits for it; 0 turns it off)
 * @param warmUpBudget    the warm-up stops after the round that ends past this, once its first three rounds ran
 */
@ConfigurationProperties("paperboy.catalog.search")
public record SearchProperties(
        @DefaultValue("./data/catalog-index") Path indexDir,
        @DefaultValue("200ms") Duration refreshInterval,
        @DefaultValue("5s") Duration commitInterval,
        @DefaultValue("200ms") Duration pollWait,
        @DefaultValue("http://localhost:8082") String publicUrl,
        @DefaultValue("papers") String collection,
        @DefaultValue("25") int warmUpRounds,
        @DefaultValue("2s") Duration warmUpBudget) {
}
