package dev.paperboy.ingest.publish;

import dev.paperboy.contracts.EventCodec;
import dev.paperboy.contracts.PaperEvent;
import dev.paperboy.contracts.Source;
import dev.paperboy.contracts.Topics;
import dev.paperboy.ingest.IngestTestBase;
import dev.paperboy.ingest.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PaperPublisherTest extends IngestTestBase {

    @Autowired
    PaperPublisher publisher;

    @Autowired
    MongoTemplate mongo;

    private static PaperEvent paper(String id, Source source, Integer version, String title, Integer upvotes) {
        return new PaperEvent(1, java.util.UUID.randomUUID().toString(), id, version, title, "Abstract", List.of("A"),
                List.of(), null, List.of(), null, null, null, upvotes, null, null, null, null, null, null, null, null,
                source, Instant.now());
    }

    @Test
    void aBatchLandsExactlyOncePerPaperOnTheKeyedPartitionAndARetryAddsNothing() {
        List<PaperEvent> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(paper(uniqueId(), Source.FILE, 1, "Paper " + i, i));
        }
        Set<String> ids = batch.stream().map(PaperEvent::id).collect(Collectors.toSet());
        assertThat(publisher.publish(batch)).extracting(Published::outcome).containsOnly(PublishOutcome.PUBLISHED);

        // a client retrying the whole batch (e.g. after a timeout it could not interpret) duplicates nothing
        assertThat(publisher.publish(batch)).extracting(Published::outcome).containsOnly(PublishOutcome.UNCHANGED);

        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(Topics.PAPERS, r -> ids.contains(r.key()));
        assertThat(records).hasSize(250);
        assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(ids);
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(record.partition()).isEqualTo(Utils.toPositive(Utils.murmur2(
                    record.key().getBytes(StandardCharsets.UTF_8))) % Topics.PAPERS_PARTITIONS);
            assertThat(EventCodec.fromJson(record.value(), PaperEvent.class).id()).isEqualTo(record.key());
        }

        // the decision state lives in MongoDB only: a new store (as after a restart) sees every paper
        Map<String, PaperStateStore.State> stored = new PaperStateStore(mongo).load(ids);
        assertThat(stored).hasSize(250);
        assertThat(stored.values()).allSatisfy(state -> assertThat(state.fingerprint()).isNotBlank());
    }

    @Test
    void aStateStoredAsAJsonStringBeforeTheBinaryFormatStillRecognisesTheSamePaper() {
        // documents written by earlier versions hold the paper as a JSON string: an upgrade must not republish
        PaperEvent paper = paper(uniqueId(), Source.FILE, 1, "Stored long ago", 7);
        mongo.getCollection(PaperStateStore.COLLECTION).insertOne(new org.bson.Document("_id", paper.id())
                .append("fingerprint", PaperStateStore.fingerprint(paper))
                .append("bibFromArxiv", false)
                .append("paper", new String(EventCodec.toJson(paper), StandardCharsets.UTF_8)));

        assertThat(publisher.publish(paper(paper.id(), Source.FILE, 1, "Stored long ago", 7)).outcome())
                .isEqualTo(PublishOutcome.UNCHANGED);
        assertThat(publisher.publish(paper(paper.id(), Source.FILE, 1, "Stored long ago", 8)).outcome())
                .isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(new PaperStateStore(mongo).load(List.of(paper.id())).get(paper.id()).paper().upvotes())
                .isEqualTo(8);
    }

    @Test
    void theSamePaperFromHuggingFaceAndArxivBecomesOnePaper() {
        String id = uniqueId();
        publisher.publish(paper(id, Source.HUGGINGFACE, null, "HF title", 40));
        Published fromArxiv = publisher.publish(paper(id, Source.ARXIV, 2, "arXiv title", null));
        assertThat(fromArxiv.outcome()).isEqualTo(PublishOutcome.PUBLISHED);
        assertThat(fromArxiv.version()).isEqualTo(2);
        assertThat(publisher.publish(paper(id, Source.ARXIV, 2, "arXiv title", null)).outcome())
                .isEqualTo(PublishOutcome.UNCHANGED);

        List<PaperEvent> events = TopicReader.byKey(Topics.PAPERS, id).stream()
                .map(r -> EventCodec.fromJson(r.value(), PaperEvent.class)).toList();
        assertThat(events).hasSize(2);
        PaperEvent merged = events.getLast();
        assertThat(merged.title()).isEqualTo("arXiv title");
        assertThat(merged.upvotes()).isEqualTo(40);
        assertThat(merged.source()).isEqualTo(Source.ARXIV);
    }

    @Test
    void duplicatesInsideOneBatchAreMergedInOrder() {
        String id = uniqueId();
        List<Published> results = publisher.publish(List.of(
                paper(id, Source.HUGGINGFACE, null, "T", 1), paper(id, Source.HUGGINGFACE, null, "T", 1),
                paper(id, Source.HUGGINGFACE, null, "T", 2)));
        assertThat(results).extracting(Published::outcome).containsExactly(PublishOutcome.PUBLISHED,
                PublishOutcome.UNCHANGED, PublishOutcome.PUBLISHED);
        assertThat(TopicReader.byKey(Topics.PAPERS, id)).hasSize(2);
        assertThat(new PaperStateStore(mongo).load(List.of(id)).get(id).paper().upvotes()).isEqualTo(2);
    }

    @Test
    void aBatchSentWhileTheEarlierIsInFlightMergesWithWhatWasSentNotWithTheOlderStoredState() {
        String id = uniqueId();
        publisher.publish(paper(id, Source.HUGGINGFACE, null, "T", 1));

        SentBatch first = publisher.send(List.of(paper(id, Source.HUGGINGFACE, null, "T", 2)));
        // not yet acknowledged nor stored: the next batch must see upvotes 2, not the stored 1
        SentBatch same = publisher.send(List.of(paper(id, Source.HUGGINGFACE, null, "T", 2)));
        SentBatch newer = publisher.send(List.of(paper(id, Source.HUGGINGFACE, null, "T", 3)));
        assertThat(publisher.complete(first)).extracting(Published::outcome).containsExactly(PublishOutcome.PUBLISHED);
        assertThat(publisher.complete(same)).extracting(Published::outcome).containsExactly(PublishOutcome.UNCHANGED);
        assertThat(publisher.complete(newer)).extracting(Published::outcome).containsExactly(PublishOutcome.PUBLISHED);

        assertThat(TopicReader.byKey(Topics.PAPERS, id)).hasSize(3);
        assertThat(new PaperStateStore(mongo).load(List.of(id)).get(id).paper().upvotes()).isEqualTo(3);
        // once stored, the in-flight copy is gone and the stored state decides
        assertThat(publisher.publish(paper(id, Source.HUGGINGFACE, null, "T", 3)).outcome())
                .isEqualTo(PublishOutcome.UNCHANGED);
    }
}
