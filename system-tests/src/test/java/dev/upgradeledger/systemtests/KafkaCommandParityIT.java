package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Kafka client that knows only the documented JSON (no class of the ledger) sends the request bodies a REST client
 * sends, wrapped in the command envelope, and gets the same answers: accepted where REST answers 2xx, refused with the
 * problem type REST answers, invalid with a detail that names the field, never a JSON library's message.
 */
class KafkaCommandParityIT {

    private static ApiClient rest;
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> results;

    @BeforeAll
    static void connect() throws Exception {
        rest = new ApiClient(ThreeServices.get().commandApi.baseUrl().toString());
        String servers = LedgerInfrastructure.get().bootstrapServers();
        Properties producing = new Properties();
        producing.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        producing.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producing.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(producing);
        Properties consuming = new Properties();
        consuming.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        consuming.put(ConsumerConfig.GROUP_ID_CONFIG, "parity-" + UUID.randomUUID());
        consuming.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consuming.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consuming.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        results = new KafkaConsumer<>(consuming);
        results.subscribe(List.of("ledger.command-results"));
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
        }
        if (results != null) {
            results.close();
        }
    }

    @Test
    void theRestBodiesSentOverKafkaGetTheSameAnswersAsOverRest() throws Exception {
        String overKafka = "k-" + UUID.randomUUID().toString().substring(0, 8);
        String overRest = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String register = """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","group":"zone-a"},
                          {"id":"engine-2","address":"10.0.0.2:8080","group":"zone-b"}],
                 "catalog":{"lines":[{"name":"7.4","versions":["7.4"]},{"name":"7.5","versions":["7.5"]},
                                     {"name":"7.6","versions":["7.6"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}""";

        assertSame(command("RegisterCluster", overKafka, register.formatted(overKafka)),
                rest.post("/api/v1/clusters", register.formatted(overRest)));
        assertSame(command("RegisterCluster", overKafka, register.formatted(overKafka)),
                rest.post("/api/v1/clusters", register.formatted(overRest)));

        String plan = "{\"upgradeId\":\"u-76\",\"targetVersion\":\"7.6\",\"strategy\":\"ROLLING\","
                + "\"schemaChange\":\"ADDITIVE\",\"maxUnavailable\":\"33%\",\"dryRun\":true}";
        JsonNode dryRun = command("RequestUpgrade", overKafka, withCluster(plan, overKafka));
        ApiResponse restDryRun = rest.post("/api/v1/clusters/" + overRest + "/upgrades", plan);
        assertSame(dryRun, restDryRun);
        assertThat(dryRun.at("/result/hops/0/plan/stages").size())
                .isEqualTo(restDryRun.json().at("/hops/0/plan/stages").size());

        String downgrade = "{\"targetVersion\":\"7.4\",\"strategy\":\"OFFLINE\"}";
        assertSame(command("RequestUpgrade", overKafka, withCluster(downgrade, overKafka)),
                rest.post("/api/v1/clusters/" + overRest + "/upgrades", downgrade));

        for (String operator : List.of("PauseUpgrade", "ResumeUpgrade", "AbortUpgrade", "RollBackUpgrade",
                "FinalizeUpgrade")) {
            String action = Map.of("PauseUpgrade", "pause", "ResumeUpgrade", "resume", "AbortUpgrade", "abort",
                    "RollBackUpgrade", "rollback", "FinalizeUpgrade", "finalize").get(operator);
            assertSame(command(operator, overKafka, "{\"clusterId\":\"" + overKafka + "\",\"upgradeId\":\"u-none\"}"),
                    rest.post("/api/v1/clusters/" + overRest + "/upgrades/u-none/" + action, ""));
        }

        JsonNode invalid = command("RegisterCluster", "Bad Id", "{\"clusterId\":\"Bad Id\"}");
        ApiResponse restInvalid = rest.post("/api/v1/clusters", "{\"clusterId\":\"Bad Id\"}");
        assertThat(invalid.get("status").asString()).isEqualTo("INVALID");
        assertThat(restInvalid.status()).isEqualTo(400);
        assertThat(invalid.get("detail").asString()).contains("clusterId")
                .doesNotContain("Cannot map", "DeserializationFeature", "tools.jackson");
    }

    private static String withCluster(String body, String clusterId) {
        return "{\"clusterId\":\"" + clusterId + "\"," + body.substring(1);
    }

    /** Accepted over Kafka where REST answers 2xx; otherwise the same problem type. */
    private static void assertSame(JsonNode overKafka, ApiResponse overRest) {
        if (overRest.status() < 300) {
            assertThat(overKafka.get("status").asString()).as(overKafka + " vs " + overRest.body())
                    .isEqualTo("ACCEPTED");
        } else {
            assertThat(overKafka.get("status").asString()).as(overKafka + " vs " + overRest.body())
                    .isEqualTo("REJECTED");
            assertThat(overKafka.get("problemType").asString()).as(overKafka + " vs " + overRest.body())
                    .isEqualTo(overRest.json().get("type").asString());
        }
    }

    /** Sends one command envelope as plain JSON text and waits for its result. */
    private static JsonNode command(String type, String key, String payload) throws Exception {
        String commandId = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>("ledger.commands", key, "{\"commandId\":\"" + commandId
                + "\",\"commandType\":\"" + type + "\",\"actor\":\"kafka-client\",\"correlationId\":\"parity\","
                + "\"payload\":" + payload + "}")).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(500))) {
                if (commandId.equals(record.key())) {
                    return ApiClient.json(record.value());
                }
            }
        }
        throw new AssertionError("no result for " + type + " " + commandId + " within 60 s");
    }
}
