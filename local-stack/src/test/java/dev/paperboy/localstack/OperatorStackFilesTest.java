package dev.paperboy.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.paperboy.contracts.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/** Checks the operator stack's files (compose, Dockerfiles, Prometheus, Grafana) without a Docker engine. */
class OperatorStackFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("ingest-service", "catalog-service", "notify-service");
    private static final Map<String, String> REQUIRED_ENV = Map.of(
            "PAPERBOY_INGEST_API_KEY", "test", "PAPERBOY_CATALOG_API_KEY", "test",
            "PAPERBOY_NOTIFY_TOKEN_SECRET", "test", "GRAFANA_ADMIN_PASSWORD", "test");

    @Test
    void composeFileIsValidForDockerCompose() throws Exception {
        Path binary = findOnPath("docker-compose");
        Assumptions.assumeTrue(binary != null, "docker-compose not installed (apt-get install docker-compose)");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config", "-q")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(REQUIRED_ENV);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeServicesAreHealthCheckedOrderedAndScalable() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("kafka", "kafka-init", "mongo", "mailpit", "gateway", "prometheus",
                "grafana", "ingest-service", "catalog-service", "notify-service");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.1.2");
        assertThat(services.get("mongo").get("image")).isEqualTo("mongo:8.0");
        assertThat((List<String>) services.get("mongo").get("command")).containsSequence("--replSet", "rs0");
        for (String name : SERVICES) {
            Map<String, Object> service = services.get(name);
            assertThat(service).as(name).containsKeys("build", "healthcheck", "depends_on");
            assertThat(service).as(name + " must not publish host ports (replicas scale)").doesNotContainKey("ports");
            assertThat(service).as(name).doesNotContainKey("container_name");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
            assertThat(dependsOn.get("kafka-init")).containsEntry("condition", "service_completed_successfully");
            assertThat(dependsOn.get("mongo")).containsEntry("condition", "service_healthy");
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            assertThat(env).containsKeys("SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_MONGODB_URI", "SERVER_PORT");
        }
        for (String infra : List.of("kafka", "mongo", "mailpit", "gateway", "prometheus", "grafana")) {
            assertThat(services.get(infra)).as(infra).containsKey("healthcheck");
        }
        String topicsScript = Files.readString(ROOT.resolve("ops/kafka/create-topics.sh"));
        assertThat(topicsScript).containsPattern("create " + Pattern.quote(Topics.PAPERS) + "\\s+"
                + Topics.PAPERS_PARTITIONS + "\\s+\"cleanup.policy=compact,retention.ms=-1\"");
        assertThat(topicsScript).containsPattern("create " + Pattern.quote(Topics.INGEST_REJECTS) + "\\s+"
                + Topics.INGEST_REJECTS_PARTITIONS + "\\s");
        assertThat(topicsScript).containsPattern("create " + Pattern.quote(Topics.TRENDING) + "\\s+"
                + Topics.TRENDING_PARTITIONS + "\\s");
        assertThat(topicsScript).contains(Topics.PAPERS_DLQ, Topics.TRENDING_DLQ);
    }

    @Test
    void everyComposeVariableIsDocumentedInEnvExample() throws IOException {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(compose);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"))) {
            Matcher d = Pattern.compile("^([A-Z0-9_]+)=").matcher(line);
            if (d.find()) {
                documented.add(d.group(1));
            }
        }
        assertThat(documented).containsAll(used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryReplicaOfEveryService() throws IOException {
        Map<String, Object> config = yaml(ROOT.resolve("ops/prometheus/prometheus.yml"));
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        for (String name : SERVICES) {
            Map<String, Object> job = jobs.stream().filter(j -> name.equals(j.get("job_name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no scrape job for " + name));
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            List<Map<String, Object>> sd = (List<Map<String, Object>>) job.get("dns_sd_configs");
            assertThat(sd).as(name + " discovered by DNS, so scaled replicas are all scraped").isNotEmpty();
            assertThat((List<String>) sd.get(0).get("names")).containsExactly(name);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaDashboardHasThePipelinePanelsWithQueries() throws IOException {
        Map<String, Object> dashboard = JsonMapper.builder().build()
                .readValue(ROOT.resolve("ops/grafana/dashboards/paperboy-pipeline.json").toFile(), Map.class);
        List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
        List<String> queries = new ArrayList<>();
        for (Map<String, Object> panel : panels) {
            if ("row".equals(panel.get("type"))) {
                continue;
            }
            List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
            assertThat(targets).as(String.valueOf(panel.get("title"))).isNotEmpty();
            for (Map<String, Object> target : targets) {
                assertThat((String) target.get("expr")).as(String.valueOf(panel.get("title"))).isNotBlank();
                queries.add((String) target.get("expr"));
            }
        }
        assertThat(panels).extracting(p -> (String) p.get("title")).contains(
                "Papers ingested per source", "Papers rejected per source",
                "Consumer lag per group (max records behind)", "Catalog apply rate", "Catalog apply latency",
                "Search latency (/api/papers/search)", "Trending publications per window",
                "Emails sent and failed", "Digests sent");
        String all = String.join("\n", queries);
        assertThat(all).contains("paperboy_ingest_published_total", "paperboy_ingest_rejected_total",
                "kafka_consumer_fetch_manager_records_lag_max", "paperboy_catalog_applied_total",
                "paperboy_catalog_apply_seconds", "http_server_requests_seconds_bucket{uri=\"/api/papers/search\"}",
                "paperboy_trending_published_total", "paperboy_notify_mail_sent_total",
                "paperboy_notify_mail_failures_total", "paperboy_notify_digests_sent_total");
        Map<String, Object> datasources = yaml(ROOT.resolve("ops/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(datasources.toString()).contains("uid=prometheus", "url=http://prometheus:9090");
    }

    @Test
    void dockerfileIsMultiStageNonRootAndHealthChecked() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        String text = String.join("\n", lines);
        assertThat(text).contains("FROM eclipse-temurin:25-jdk AS build", "FROM eclipse-temurin:25-jre",
                "-pl ${SERVICE} -am package -DskipTests", "COPY ${SERVICE}/src ${SERVICE}/src", "-Djarmode=tools",
                "extract --layers --launcher", "/actuator/health/readiness", "-XX:MaxRAMPercentage=75",
                "-XX:+ExitOnOutOfMemoryError");
        List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).isNotEmpty();
        String lastUser = users.getLast().substring("USER ".length()).trim();
        assertThat(lastUser).doesNotStartWith("root").doesNotStartWith("0");
        assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK "));
        assertThat(text).doesNotContainPattern("(?i)(API_KEY|TOKEN_SECRET|PASSWORD)\\s*=");
        String dockerignore = Files.readString(ROOT.resolve(".dockerignore"));
        assertThat(dockerignore).contains("target", ".local-stack", ".git");
    }

    /** Maven refuses a reactor whose root pom names a module that is missing, so the build stage needs them all. */
    @Test
    void dockerfileCopiesEveryModuleThatTheBuildNeeds() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        for (String module : tagValues(Files.readString(ROOT.resolve("pom.xml")), "module")) {
            assertThat(dockerfile).as("root pom module " + module)
                    .contains("COPY " + module + "/pom.xml " + module + "/");
        }
        Set<String> libraries = new TreeSet<>();
        for (String service : SERVICES) {
            libraries.addAll(siblingDependencies(service));
        }
        assertThat(libraries).contains("contracts", "service-support");
        for (String library : libraries) {
            assertThat(dockerfile).as("module the services build against: " + library)
                    .contains("COPY " + library + "/src " + library + "/src");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeBuildsEachServiceFromTheOneDockerfileOnItsPort() throws IOException {
        Map<String, Object> compose = yaml(ROOT.resolve("docker-compose.yml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        for (String name : SERVICES) {
            Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
            Map<String, Object> args = (Map<String, Object>) build.get("args");
            Map<String, Object> environment = (Map<String, Object>) services.get(name).get("environment");
            assertThat(build).as(name).containsEntry("context", ".").doesNotContainKey("dockerfile");
            assertThat(args).as(name).containsEntry("SERVICE", name)
                    .containsEntry("PORT", environment.get("SERVER_PORT"));
        }
        assertThat((List<String>) services.get("catalog-service").get("volumes")).containsExactly("/app/data");
        assertThat(services.get("catalog-service").get("environment").toString())
                .contains("PAPERBOY_CATALOG_SEARCH_INDEX_DIR=/app/data/catalog-index");
    }

    /** The sibling modules {@code service} depends on (any scope), transitively. */
    private static Set<String> siblingDependencies(String module) throws IOException {
        Set<String> found = new TreeSet<>();
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        Matcher dependency = Pattern.compile("<dependency>\\s*<groupId>dev\\.paperboy</groupId>\\s*"
                + "<artifactId>([^<]+)</artifactId>").matcher(pom);
        while (dependency.find()) {
            if (found.add(dependency.group(1))) {
                found.addAll(siblingDependencies(dependency.group(1)));
            }
        }
        return found;
    }

    private static List<String> tagValues(String xml, String tag) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new Yaml().load(in);
        }
    }

    private static Path findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
