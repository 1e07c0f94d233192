package dev.paperboy.ingest.jobs;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.paperboy.ingest.IngestProperties;
import dev.paperboy.testsupport.SharedMongo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Several job services on one database, as several ingest instances (or one instance before and after a
 * restart) would be: each with its own MongoDB client, so nothing is shared but the database.
 */
class JobServiceTest {

    private static final String DATABASE = "ingest-jobs-test";

    private final List<MongoClient> clients = new ArrayList<>();
    private final List<JobService> services = new ArrayList<>();

    @BeforeAll
    static void server() {
        SharedMongo.assumeAvailable();
    }

    @AfterEach
    void closeAll() {
        services.forEach(JobService::close);
        clients.forEach(MongoClient::close);
    }

    private MongoTemplate mongo() {
        MongoClient client = MongoClients.create(SharedMongo.uri(DATABASE));
        clients.add(client);
        return new MongoTemplate(client, DATABASE);
    }

    /** A started instance named {@code instance}, heartbeating every 100 ms. */
    private JobService instance(String instance) {
        return instance(instance, Duration.ofMillis(100));
    }

    private JobService instance(String instance, Duration flushInterval) {
        IngestProperties properties = new IngestProperties(null, false, null, null, null, null, null,
                new IngestProperties.Jobs(instance, flushInterval, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        MongoTemplate mongo = mongo();
        JobService service = new JobService(new JobStore(mongo), new InstanceRegistry(mongo), Clock.systemUTC(),
                properties, "0");
        service.open();
        services.add(service);
        return service;
    }

    private static JobView awaitEnd(JobService service, String id) {
        JobView[] last = new JobView[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            last[0] = service.get(id);
            return !"RUNNING".equals(last[0].status());
        });
        return last[0];
    }

    @Test
    void aJobsStatusIsStoredAndReadByAnInstanceStartedAfterARestart() {
        JobService before = instance("restarting");
        JobView started = before.start(Job.Type.IMPORT, "jsonl import of a.jsonl", "upload",
                Map.of("format", "jsonl", "file", "a.jsonl"), job -> {
                    job.addAccepted(7);
                    job.addUnchanged(2);
                    job.addRejected(1);
                    job.error("line 3: title is required");
                    job.progress(10, 10);
                });
        JobView ended = awaitEnd(before, started.id());
        before.close();
        services.remove(before);

        JobView afterRestart = instance("restarting").get(started.id());
        assertThat(afterRestart.status()).isEqualTo("COMPLETED");
        assertThat(afterRestart.type()).isEqualTo("import");
        assertThat(afterRestart.source()).isEqualTo("upload");
        assertThat(afterRestart.parameters()).containsEntry("format", "jsonl").containsEntry("file", "a.jsonl");
        assertThat(afterRestart.accepted()).isEqualTo(7);
        assertThat(afterRestart.unchanged()).isEqualTo(2);
        assertThat(afterRestart.rejected()).isEqualTo(1);
        assertThat(afterRestart.processed()).isEqualTo(10);
        assertThat(afterRestart.errors()).containsExactly("line 3: title is required");
        assertThat(afterRestart.owner()).isEqualTo("restarting");
        assertThat(afterRestart.startedAt()).isEqualTo(started.startedAt());
        assertThat(afterRestart.finishedAt()).isEqualTo(ended.finishedAt());
    }

    @Test
    void aJobRunningOnOneInstanceIsSeenAndCancelledThroughAnother() throws Exception {
        JobService owner = instance("owner");
        JobService other = instance("other");
        CountDownLatch working = new CountDownLatch(1);
        JobView started = owner.start(Job.Type.BACKFILL, "huggingface backfill", "huggingface",
                Map.of("from", "2025-01-01", "to", "2025-12-31"), job -> {
                    while (!job.cancelRequested()) {
                        job.addAccepted(1);
                        working.countDown();
                        sleep(5);
                    }
                });
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> other.get(started.id()).accepted() > 0);
        assertThat(other.get(started.id()).status()).isEqualTo("RUNNING");
        assertThat(other.get(started.id()).owner()).isEqualTo("owner");

        JobView cancelling = other.cancel(started.id());
        assertThat(cancelling.cancelRequested()).isTrue();

        JobView seenByOther = awaitEnd(other, started.id());
        assertThat(seenByOther.status()).isEqualTo("CANCELLED");
        JobView seenByOwner = owner.get(started.id());
        assertThat(seenByOwner.status()).isEqualTo("CANCELLED");
        assertThat(seenByOther.accepted()).isEqualTo(seenByOwner.accepted()).isPositive();
        assertThat(other.cancel(started.id()).status()).as("an ended job stays as it ended").isEqualTo("CANCELLED");
    }

    @Test
    void aJobsEndIsStoredWhenItEndsNotAtTheNextHeartbeat() {
        // the owner's heartbeat runs once at start and then not for an hour: only the end itself can store the end
        JobService owner = instance("owner-" + UUID.randomUUID(), Duration.ofHours(1));
        JobService reader = instance("reader");
        boolean[] ranOnVirtualThread = new boolean[1];
        JobView started = owner.start(Job.Type.IMPORT, "jsonl import of small.jsonl", "upload", Map.of(), job -> {
            ranOnVirtualThread[0] = Thread.currentThread().isVirtual();
            job.addAccepted(10);
        });

        JobView seenElsewhere = awaitEnd(reader, started.id());
        assertThat(seenElsewhere.status()).isEqualTo("COMPLETED");
        assertThat(seenElsewhere.accepted()).isEqualTo(10);
        assertThat(seenElsewhere.finishedAt()).isEqualTo(owner.get(started.id()).finishedAt());
        // a job's blocking steps must not queue behind request handlers on the few virtual-thread carriers
        assertThat(ranOnVirtualThread[0]).as("job ran on a virtual thread").isFalse();
    }

    @Test
    void aSecondLiveProcessWithTheSameInstanceIdDoesNotEndTheFirstsJobsAndBothSaySo() throws Exception {
        JobService first = instance("twin");
        CountDownLatch working = new CountDownLatch(1);
        JobView running = first.start(Job.Type.IMPORT, "slow import", "path", Map.of(), job -> {
            while (!job.cancelRequested()) {
                working.countDown();
                sleep(5);
            }
        });
        assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();
        InstanceRegistry registry = new InstanceRegistry(mongo());
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.holder("twin").isPresent());
        // a second process starts with the id the first holds
        JobService second = instance("twin");

        await().atMost(Duration.ofSeconds(20)).until(() -> first.sharesIdWithAnotherProcess()
                && second.sharesIdWithAnotherProcess());
        assertThat(second.get(running.id()).status()).as("seen by the second").isEqualTo("RUNNING");
        assertThat(first.get(running.id()).status()).isEqualTo("RUNNING");
        assertThat(first.cancel(running.id()).cancelRequested()).isTrue();
        assertThat(awaitEnd(first, running.id()).status()).isEqualTo("CANCELLED");
    }

    @Test
    void theDefaultInstanceIdDiffersBetweenProcessesOnOneHostAndPort() {
        IngestProperties unnamed = new IngestProperties(null, false, null, null, null, null, null,
                new IngestProperties.Jobs(null, Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(5)));
        MongoTemplate mongo = mongo();
        String one = new JobService(new JobStore(mongo), new InstanceRegistry(mongo), Clock.systemUTC(), unnamed,
                "8081").instanceId();
        String other = new JobService(new JobStore(mongo), new InstanceRegistry(mongo), Clock.systemUTC(), unnamed,
                "8081").instanceId();
        assertThat(one).contains(":8081:").isNotEqualTo(other);
    }

    @Test
    void instanceIdsSilentForADayAreForgottenAtStartupAndLiveOnesKept() {
        InstanceRegistry registry = new InstanceRegistry(mongo());
        Instant now = Instant.now();
        registry.claim("gone", "old-process", now.minus(Duration.ofDays(2)));
        registry.claim("recent", "other-process", now.minus(Duration.ofHours(1)));

        JobService started = instance("fresh");

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.holder("gone").isEmpty());
        assertThat(registry.holder("recent")).isPresent();
        assertThat(registry.holder(started.instanceId())).isPresent();
    }

    @Test
    void unknownJobsAreNotFoundOnAnyInstance() {
        instance("a");
        JobService b = instance("b");
        assertThatThrownBy(() -> b.get("no-such-job")).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> b.cancel("no-such-job")).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void jobsLeftRunningByADeadInstanceEndInterruptedAtStartupAndFreshOnesOfOthersAreKept() {
        JobStore store = new JobStore(mongo());
        Instant now = Instant.now();
        String ownOrphan = runningJob(store, "crashed-" + UUID.randomUUID(), now.minusSeconds(2));
        String crashedOwner = store.find(ownOrphan).orElseThrow().owner();
        String staleOfOther = runningJob(store, "vanished", now.minus(Duration.ofMinutes(5)));
        String aliveOfOther = runningJob(store, "alive", now.minusSeconds(1));

        JobService restarted = instance(crashedOwner);

        JobView own = awaitEnd(restarted, ownOrphan);
        assertThat(own.status()).isEqualTo("INTERRUPTED");
        assertThat(own.finishedAt()).isNotNull();
        assertThat(own.errors()).last().asString().contains("interrupted").contains(crashedOwner)
                .contains("run it again");
        assertThat(awaitEnd(restarted, staleOfOther).status()).isEqualTo("INTERRUPTED");
        assertThat(restarted.get(aliveOfOther).status()).isEqualTo("RUNNING");
    }

    @Test
    void aRunningJobWhoseOwnerStopsHeartbeatingIsInterruptedByTheSweepOfAnotherInstance() {
        MongoTemplate mongo = mongo();
        JobStore store = new JobStore(mongo);
        IngestProperties properties = new IngestProperties(null, false, null, null, null, null, null,
                new IngestProperties.Jobs("sweeper", Duration.ofMillis(100), Duration.ofMillis(600),
                        Duration.ofSeconds(5)));
        JobService sweeper = new JobService(store, new InstanceRegistry(mongo), Clock.systemUTC(), properties, "0");
        sweeper.open();
        services.add(sweeper);
        String id = runningJob(store, "dies-later", Instant.now());
        assertThat(sweeper.get(id).status()).isEqualTo("RUNNING");
        // its owner never reports again: after stale-after (600 ms) the next sweep ends it
        JobView end = awaitEnd(sweeper, id);
        assertThat(end.status()).isEqualTo("INTERRUPTED");
    }

    @Test
    void aShutdownEndsItsRunningJobsInterruptedNotCancelled() {
        JobService stopping = instance("stopping-" + UUID.randomUUID());
        JobView started = stopping.start(Job.Type.IMPORT, "slow import", "path", Map.of(), job -> {
            while (!job.cancelRequested()) {
                sleep(5);
            }
        });
        stopping.close();
        services.remove(stopping);
        JobView after = instance("reader").get(started.id());
        assertThat(after.status()).isEqualTo("INTERRUPTED");
        assertThat(after.errors()).last().asString().contains("shut down");
    }

    /** A RUNNING status as {@code owner} left it when it last reported at {@code heartbeat}. */
    private static String runningJob(JobStore store, String owner, Instant heartbeat) {
        String id = UUID.randomUUID().toString();
        store.save(new JobView(id, "import", "left running", "RUNNING", 5, 0, 0, 5, 10.0, 60L, List.of(),
                heartbeat.minusSeconds(60), null, "upload", Map.of(), owner, false, heartbeat));
        return id;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
