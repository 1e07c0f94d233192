package dev.paperboy.catalog.store;

import dev.paperboy.catalog.CatalogTestSupport;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
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
 * the database was replaced) creates them before its first write, and retires the {_id, _rev} index earlier versions
 * created, whose key changed on every write.
 */
class PaperStoreIndexesTest {

    @RegisterExtension
    final PrivateMongo mongo = new PrivateMongo();

    @Test
    void theFirstBatchCreatesTheIndexesAndRetiresTheRevisionIndex() {
        PaperStore store = new PaperStore(mongo.template("no-indexes-yet"), Optional.empty());
        store.collection().createIndex(Indexes.ascending(PaperFields.ID, PaperFields.REV),
                new IndexOptions().name(CatalogIndexes.RETIRED_REV_INDEX).unique(true));
        PaperEvent event = CatalogTestSupport.paper("2601.00001", 1, 3, Instant.parse("2025-12-11T08:00:00Z"));

        store.apply(List.of(event));
        store.apply(List.of(CatalogTestSupport.paper("2601.00001", 2, 4, Instant.parse("2025-12-11T09:00:00Z"))));

        List<String> names = new ArrayList<>();
        for (Document index : store.collection().listIndexes()) {
            names.add(index.getString("name"));
        }
        assertThat(names).contains("_id_", "dailyDate_-1", "publishedAt_-1", "storedAt_1")
                .doesNotContain(CatalogIndexes.RETIRED_REV_INDEX);
        Document stored = store.find("2601.00001").orElseThrow();
        assertThat(stored.getInteger(PaperFields.VERSION)).isEqualTo(2);
        assertThat(stored.get(PaperFields.REV)).isEqualTo(2L);
    }
}
