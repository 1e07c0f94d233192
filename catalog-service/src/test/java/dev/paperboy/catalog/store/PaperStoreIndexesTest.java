package dev.paperboy.catalog.store;

import dev.paperboy.catalog.CatalogTestSupport;
import dev.paperboy.contracts.PaperEvent;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store whose database lacks the catalog's indexes (CatalogIndexes could not run at startup: MongoDB was down, or
 * the database was replaced) creates them before its first write, so conditional writes never fall back to full
 * collection scans on the embedded server.
 */
class PaperStoreIndexesTest {

    @RegisterExtension
    final PrivateMongo mongo = new PrivateMongo();

    @Test
    void theFirstBatchCreatesTheIndexesTheConditionalWritesNeed() {
        PaperStore store = new PaperStore(mongo.template("no-indexes-yet"), Optional.empty());
        PaperEvent event = CatalogTestSupport.paper("2601.00001", 1, 3, Instant.parse("2025-12-11T08:00:00Z"));

        store.apply(List.of(event));
        store.apply(List.of(CatalogTestSupport.paper("2601.00001", 2, 4, Instant.parse("2025-12-11T09:00:00Z"))));

        List<String> names = new ArrayList<>();
        for (Document index : store.collection().listIndexes()) {
            names.add(index.getString("name"));
        }
        assertThat(names).contains("_id_", "_id_1__rev_1");
        Document stored = store.find("2601.00001").orElseThrow();
        assertThat(stored.getInteger(PaperFields.VERSION)).isEqualTo(2);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(2L);
    }
}
