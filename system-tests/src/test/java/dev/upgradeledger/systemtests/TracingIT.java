package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.local.ServiceProcess;
import dev.upgradeledger.systemtests.OtlpReceiver.ReceivedSpan;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One upgrade is one trace: the three service jars export their spans over OTLP/HTTP to a receiver in this test, an
 * upgrade requested over REST runs to the end, and its trace id (named by the event the request stored) is found on
 * spans of command-api (the request, the command, the publishing, the executor's reports coming back), of the executor
 * (taking the started steps in and performing them) and of the projection (applying the events), on the records of
 * {@code ledger.events} (envelope and {@code traceparent} header), and in each service's log lines for that upgrade.
 */
class TracingIT {

    private static final Duration READY = Duration.ofSeconds(300);

    private static OtlpReceiver receiver;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static ServiceProcess commandApi;
    private static ServiceProcess projection;
    private static ServiceProcess executor;

    @BeforeAll
    static void startTracedServices() throws Exception {
        ThreeServices.stopIfStarted(); // this class runs services of its own (traced) on the same database and broker
        receiver = new OtlpReceiver();
        LedgerInfrastructure infrastructure = LedgerInfrastructure.get();
        Map<String, String> environment = new java.util.HashMap<>(ThreeServices.baseEnvironment());
        environment.put("LEDGER_OTLP_ENDPOINT", receiver.endpoint());
        environment.put("LEDGER_TRACE_SAMPLING", "1.0");
        // export every half second instead of every 5 s, so the test does not wait for the batches
        environment.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "500ms");
        Path jars = Path.of(System.getProperty("ledger.services.dir", "target/services"));
        Path logs = Path.of(System.getProperty("ledger.logs.dir", "target/service-logs"));
        commandApi = new ServiceProcess("traced-command-api", jars.resolve("command-api.jar"), freePort(),
                infrastructure.serviceEnvironment("command-api", environment),
                logs.resolve("traced-command-api.log"));
        projection = new ServiceProcess("traced-projection", jars.resolve("projection.jar"), freePort(),
                infrastructure.serviceEnvironment("projection", environment),
                logs.resolve("traced-projection.log"));
        executor = new ServiceProcess("traced-executor", jars.resolve("executor.jar"), freePort(),
                infrastructure.serviceEnvironment("executor", environment),
                logs.resolve("traced-executor.log"));
        services.addAll(List.of(commandApi, projection, executor));
        for (ServiceProcess service : services) {
            service.start();
        }
        for (ServiceProcess service : services) {
            service.awaitReady(READY);
        }
    }

    @AfterAll
    static void stopTracedServices() {
        services.forEach(ServiceProcess::stop);
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void oneUpgradeRequestedOverRestIsOneTraceThroughEveryServiceItsEventsAndItsLogLines() throws IOException {
        ApiClient commands = new ApiClient(commandApi.baseUrl().toString());
        ApiClient queries = new ApiClient(projection.baseUrl().toString());
        String clusterId = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient.ApiResponse registered = commands.post("/api/v1/clusters", registration(clusterId));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        ApiClient.ApiResponse upgrade = commands.post("/api/v1/clusters/" + clusterId + "/upgrades", """
                {"upgradeId":"u-1","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}""");
        assertThat(upgrade.status()).as(upgrade.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> "COMPLETED".equals(
                queries.get("/api/v1/clusters/" + clusterId).json().at("/cluster/upgrade/status").asString()));

        List<ConsumerRecord<String, String>> records = eventsOf(clusterId, "UpgradeCompleted");
        ConsumerRecord<String, String> requested = records.stream()
                .filter(record -> type(record).equals("UpgradeRequested")).findFirst().orElseThrow();
        String traceId = ApiClient.json(requested.value()).path("traceId").asString();
        assertThat(traceId).as("the trace id of the UpgradeRequested envelope").matches("[0-9a-f]{32}");
        String registrationTrace = ApiClient.json(records.get(0).value()).path("traceId").asString();
        assertThat(registrationTrace).as("the registration, another request, is another trace").isNotEqualTo(traceId)
                .matches("[0-9a-f]{32}");

        List<ConsumerRecord<String, String>> upgradeRecords = records.subList(records.indexOf(requested), records.size());
        assertThat(upgradeRecords).as("every event of the upgrade, to its completion, names its trace").allSatisfy(
                record -> {
                    assertThat(ApiClient.json(record.value()).path("traceId").asString()).as(type(record))
                            .isEqualTo(traceId);
                    // version 00, the trace, the sending span, flags with the sampled bit set
                    assertThat(traceparent(record)).as("the traceparent header of " + type(record))
                            .matches("00-" + traceId + "-[0-9a-f]{16}-[0-9a-f][13579bdf]");
                });
        assertThat(upgradeRecords).extracting(TracingIT::type).contains("StepStarted", "NodeUpgraded",
                "UpgradeCompleted");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Set<String>> spans = receiver.spansOf(traceId).stream().collect(Collectors.groupingBy(
                    ReceivedSpan::service, Collectors.mapping(ReceivedSpan::name, Collectors.toSet())));
            assertThat(spans.get("command-api")).as("command-api's spans of the trace " + traceId + ": " + spans)
                    .isNotNull()
                    .contains("command RequestUpgrade", "publish UpgradeRequested", "command ReportStepOutcome",
                            "publish UpgradeCompleted")
                    .anySatisfy(name -> assertThat(name).startsWithIgnoringCase("http post"));
            assertThat(spans.get("executor")).as("the executor's spans of the trace: " + spans).isNotNull()
                    .contains("accept StepStarted")
                    .anySatisfy(name -> assertThat(name).startsWith("step "));
            assertThat(spans.get("projection")).as("the projection's spans of the trace: " + spans).isNotNull()
                    .contains("apply UpgradeRequested", "apply NodeUpgraded", "apply UpgradeCompleted");
            List<ReceivedSpan> trace = receiver.spansOf(traceId);
            Set<String> spanIds = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            assertThat(trace.stream().filter(span -> !spanIds.contains(span.parentSpanId())).toList())
                    .as("one tree: a single root (the REST request), every other span's parent in the trace")
                    .singleElement()
                    .satisfies(root -> assertThat(root.service()).isEqualTo("command-api"))
                    .satisfies(root -> assertThat(root.parentSpanId()).isEmpty());
        });

        receiver.spansOf(traceId).forEach(span -> System.out.println("span of the upgrade's trace: " + span));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(logLinesOf(commandApi, traceId)).as("command-api's log lines of the trace")
                    .anySatisfy(line -> assertThat(line).contains("RequestUpgrade on " + clusterId));
            assertThat(logLinesOf(executor, traceId)).as("the executor's log lines of the trace")
                    .anySatisfy(line -> assertThat(line).contains("succeeded"));
            assertThat(logLinesOf(projection, traceId)).as("the projection's log lines of the trace")
                    .anySatisfy(line -> assertThat(line).contains("Upgrade u-1 of " + clusterId + " completed"));
        });
    }

    /** The messages of a service's JSON (ECS) log lines that name the trace {@code traceId} (and a span of it). */
    private static List<String> logLinesOf(ServiceProcess service, String traceId) throws IOException {
        List<String> messages = new ArrayList<>();
        for (String line : Files.readAllLines(service.logFile(), StandardCharsets.UTF_8)) {
            if (!line.startsWith("{") || !line.contains(traceId)) {
                continue;
            }
            JsonNode entry = ApiClient.json(line);
            if (traceId.equals(entry.path("traceId").asString()) && entry.path("spanId").asString().length() == 16) {
                messages.add(entry.path("message").asString());
            }
        }
        return messages;
    }

    /** The records of a cluster on ledger.events, read from the beginning until one of type {@code last}. */
    private static List<ConsumerRecord<String, String>> eventsOf(String clusterId, String last) {
        Map<String, Object> config = new java.util.HashMap<>(LedgerInfrastructure.get().kafkaProperties());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(LedgerTopics.EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (clusterId.equals(record.key())) {
                        records.add(record);
                    }
                });
                return records.stream().anyMatch(record -> type(record).equals(last));
            });
        }
        return records;
    }

    private static String type(ConsumerRecord<String, String> record) {
        return ApiClient.json(record.value()).path("eventType").asString();
    }

    private static String traceparent(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("traceparent");
        return header == null ? "" : new String(header.value(), StandardCharsets.US_ASCII);
    }

    private static String registration(String clusterId) {
        return """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080"},{"id":"engine-2","address":"10.0.0.2:8080"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"noRollingAcrossLines":false}}}""".formatted(clusterId);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
