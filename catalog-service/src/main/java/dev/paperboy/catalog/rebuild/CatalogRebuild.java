package dev.paperboy.catalog.rebuild;

import dev.paperboy.catalog.store.PaperFields;
import dev.paperboy.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One-shot rebuild of the whole catalog by replaying papers.v1 (the topic is compacted and kept forever, so it
 * holds the newest events of every paper). Run the service with
 * <pre>
 *   --paperboy.catalog.rebuild.enabled=true
 *   --paperboy.catalog.consumer-group=catalog-rebuild-20261126     (a group that has never consumed: starts at the beginning)
 *   --spring.mongodb.uri=mongodb://host:27017/catalog_rebuild      (an empty database)
 *   --paperboy.catalog.trending.enabled=false                      (no publication from a partial catalog)
 *   [--paperboy.catalog.rebuild.exit-when-done=true]
 * </pre>
 * The consumer applies the topic from offset 0 with the same idempotent upserts as always; this component refuses
 * a non-empty database, notes the end offsets of papers.v1 at start, and reports completion (log line
 * "Catalog rebuild complete", {@link #status()}) once the group's committed offsets reached them; then the service
 * can go on consuming (point the other instances at the new database and group) or exit. Because applying is
 * order-independent per paper and idempotent, the rebuilt catalog equals the original.
 */
@Component
@ConditionalOnProperty(name = "paperboy.catalog.rebuild.enabled", havingValue = "true")
public class CatalogRebuild {

    private static final Logger log = LoggerFactory.getLogger(CatalogRebuild.class);

    /** Where a rebuild is. */
    public enum Status { WAITING, RUNNING, COMPLETE, FAILED }

    private final MongoTemplate mongo;
    private final KafkaProperties kafka;
    private final ApplicationContext context;
    private final String group;
    private final boolean exitWhenDone;
    private final Duration timeout;
    private final AtomicReference<Status> status = new AtomicReference<>(Status.WAITING);

    public CatalogRebuild(MongoTemplate mongo, KafkaProperties kafka, ApplicationContext context,
                          @Value("${spring.cloud.stream.bindings.applyPapers-in-0.group}") String group,
                          @Value("${paperboy.catalog.rebuild.exit-when-done:false}") boolean exitWhenDone,
                          @Value("${paperboy.catalog.rebuild.timeout:PT6H}") Duration timeout) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.context = context;
        this.group = group;
        this.exitWhenDone = exitWhenDone;
        this.timeout = timeout;
        if (mongo.getCollection(PaperFields.COLLECTION).find().limit(1).first() != null) {
            throw new IllegalStateException("Catalog rebuild needs an empty database; "
                    + mongo.getDb().getName() + " already has papers");
        }
        if ("catalog".equals(group)) {
            throw new IllegalStateException("Catalog rebuild needs a new consumer group "
                    + "(paperboy.catalog.consumer-group), not the live group 'catalog'");
        }
    }

    public Status status() {
        return status.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        Thread.ofVirtual().name("catalog-rebuild").start(this::watch);
    }

    private void watch() {
        status.set(Status.RUNNING);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(kafka.buildAdminProperties())) {
            Map<TopicPartition, Long> end = endOffsets(admin);
            log.info("Catalog rebuild: replaying {} from the beginning into {} (group {}), {} records to go",
                    Topics.PAPERS, mongo.getDb().getName(), group, end.values().stream().mapToLong(v -> v).sum());
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                if (reached(end, committed)) {
                    status.set(Status.COMPLETE);
                    log.info("Catalog rebuild complete: {} papers in {}",
                            mongo.getCollection(PaperFields.COLLECTION).countDocuments(), mongo.getDb().getName());
                    if (exitWhenDone) {
                        System.exit(SpringApplication.exit(context, () -> 0));
                    }
                    return;
                }
                Thread.sleep(500);
            }
            status.set(Status.FAILED);
            log.error("Catalog rebuild did not finish within {}", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status.set(Status.FAILED);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            status.set(Status.FAILED);
            log.error("Catalog rebuild failed", e);
        }
    }

    private static boolean reached(Map<TopicPartition, Long> end, Map<TopicPartition, OffsetAndMetadata> committed) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (partition.getValue() == 0) {
                continue;
            }
            OffsetAndMetadata offset = committed.get(partition.getKey());
            if (offset == null || offset.offset() < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription topic = admin.describeTopics(java.util.List.of(Topics.PAPERS)).allTopicNames()
                .get(30, TimeUnit.SECONDS).get(Topics.PAPERS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        topic.partitions().forEach(p -> request.put(new TopicPartition(Topics.PAPERS, p.partition()),
                OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            end.put(e.getKey(), e.getValue().offset());
        }
        return end;
    }
}
