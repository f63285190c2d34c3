package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerInfrastructure;
import dev.upgradeledger.testsupport.TestIssuer;
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
 * problem type REST answers, invalid with a detail that names the field, never a JSON library's message. Every command
 * type REST offers is sent; the client logs in to the broker as the command client user and carries an operator's
 * bearer token in the Authorization header, as a REST client does; step outcomes go to ledger.step-outcomes as the
 * executor's principal, as the executor sends them, and are refused anywhere else.
 */
class KafkaCommandParityIT {

    private static ApiClient rest;
    private static ApiClient executorRest;
    private static String operatorToken;
    private static KafkaProducer<String, String> producer;
    private static KafkaProducer<String, String> executorProducer;
    private static KafkaConsumer<String, String> results;

    @BeforeAll
    static void connect() throws Exception {
        operatorToken = TestIssuer.get().token("parity-operator", "operator:*");
        rest = new ApiClient(ThreeServices.get().commandApi.baseUrl().toString()).as(operatorToken);
        executorRest = new ApiClient(ThreeServices.get().commandApi.baseUrl().toString())
                .as(TestIssuer.get().executor());
        Properties producing = new Properties();
        producing.putAll(LedgerInfrastructure.get().kafkaProperties("ledger-client"));
        producing.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producing.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(producing);
        Properties executorProducing = new Properties();
        executorProducing.putAll(producing);
        executorProducing.putAll(LedgerInfrastructure.get().kafkaProperties("executor"));
        executorProducer = new KafkaProducer<>(executorProducing);
        Properties consuming = new Properties();
        consuming.putAll(LedgerInfrastructure.get().kafkaProperties("ledger-client"));
        // a command client's consumer group starts with ledger-client (its ACL)
        consuming.put(ConsumerConfig.GROUP_ID_CONFIG, "ledger-client-parity-" + UUID.randomUUID());
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
        if (executorProducer != null) {
            executorProducer.close();
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
        assertThat(invalid.get("status").asString()).isEqualTo("INVALID");
        ApiResponse restInvalid = rest.post("/api/v1/clusters", "{\"clusterId\":\"Bad Id\"}");
        assertThat(invalid.get("status").asString()).isEqualTo("INVALID");
        assertThat(restInvalid.status()).isEqualTo(400);
        assertThat(invalid.get("detail").asString()).contains("clusterId")
                .doesNotContain("Cannot map", "DeserializationFeature", "tools.jackson");
    }

    /**
     * A plan of thousands of stages (IPFS Cluster's bootstrap upgrade of 1,500 peers: 6,004 one-step stages, about
     * 1.2 MB written out, more than a record holds): answered alike over Kafka and REST, with its first stages and the
     * whole plan's counts.
     */
    @Test
    void aPlanOfThousandsOfStagesIsAnsweredWithItsFirstStagesAndItsCountsAsOverRest() throws Exception {
        String k = "k-" + UUID.randomUUID().toString().substring(0, 8);
        String r = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String peers = java.util.stream.IntStream.rangeClosed(1, 1500)
                .mapToObj(n -> "{\"id\":\"peer-%d\",\"address\":\"10.4.%d.%d:9094\"}".formatted(n, n / 200, n % 200 + 1))
                .collect(java.util.stream.Collectors.joining(","));
        String register = "{\"clusterId\":\"%s\",\"product\":\"ipfs-cluster\",\"version\":\"1.0.7\",\"nodes\":["
                + peers + "]}";
        assertSame(command("RegisterCluster", k, register.formatted(k)),
                rest.post("/api/v1/clusters", register.formatted(r)), 201);

        String bootstrap = "{\"targetVersion\":\"1.0.8\",\"strategy\":\"REJOIN\",\"stateFormatChange\":true,"
                + "\"dryRun\":true}";
        JsonNode overKafka = command("RequestUpgrade", k, withCluster(bootstrap, k));
        ApiResponse overRest = rest.post("/api/v1/clusters/" + r + "/upgrades", bootstrap);
        assertSame(overKafka, overRest, 200);
        JsonNode kafkaDecision = overKafka.get("result");
        JsonNode restDecision = overRest.json();
        for (JsonNode decision : List.of(kafkaDecision, restDecision)) {
            assertThat(decision.get("planComplete").asBoolean()).isFalse();
            assertThat(decision.at("/hops/0/plan/stages")).hasSize(1000);
            assertThat(decision.at("/hops/0/stageCount").asInt()).isGreaterThan(6_000);
        }
        assertThat(kafkaDecision.at("/hops/0/stageCount")).isEqualTo(restDecision.at("/hops/0/stageCount"));
        assertThat(kafkaDecision.at("/hops/0/stepCount")).isEqualTo(restDecision.at("/hops/0/stepCount"));
        assertThat(kafkaDecision.at("/hops/0/plan/stages/999/description").asString().replace(k, "C"))
                .isEqualTo(restDecision.at("/hops/0/plan/stages/999/description").asString().replace(r, "C"));
    }

    /** The catalog, nodes, management, step outcomes, abandon and retire: every other command type REST offers. */
    @Test
    void everyOtherCommandTypeGetsTheSameAnswersAsOverRest() throws Exception {
        String k = "k-" + UUID.randomUUID().toString().substring(0, 8);
        String r = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String register = """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","group":"zone-a"},
                          {"id":"engine-2","address":"10.0.0.2:8080","group":"zone-b"}]}""";
        assertSame(command("RegisterCluster", k, register.formatted(k)), rest.post("/api/v1/clusters",
                register.formatted(r)), 201);

        String catalog = """
                {"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                 "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}""";
        assertSame(command("DeclareReleaseCatalog", k, withCluster(catalog, k)),
                rest.send("PUT", "/api/v1/clusters/" + r + "/catalog", catalog), 204);

        String node = "{\"id\":\"engine-3\",\"address\":\"10.0.0.3:8080\",\"group\":\"zone-c\"}";
        String addNode = "{\"node\":" + node + "}";
        assertSame(command("AddNode", k, withCluster(addNode, k)),
                rest.post("/api/v1/clusters/" + r + "/nodes", node), 201);
        assertSame(command("AddNode", k, withCluster(addNode, k)),
                rest.post("/api/v1/clusters/" + r + "/nodes", node), 409);
        String badAddress = "{\"id\":\"engine-4\",\"address\":\"-oProxyCommand=x\"}";
        JsonNode refusedAddress = command("AddNode", k, withCluster("{\"node\":" + badAddress + "}", k));
        assertThat(rest.post("/api/v1/clusters/" + r + "/nodes", badAddress).status()).isEqualTo(400);
        assertThat(refusedAddress.get("status").asString()).isEqualTo("INVALID");

        assertSame(command("RemoveNode", k, "{\"clusterId\":\"" + k + "\",\"nodeId\":\"engine-3\"}"),
                rest.send("DELETE", "/api/v1/clusters/" + r + "/nodes/engine-3", null), 204);
        assertSame(command("RemoveNode", k, "{\"clusterId\":\"" + k + "\",\"nodeId\":\"engine-9\"}"),
                rest.send("DELETE", "/api/v1/clusters/" + r + "/nodes/engine-9", null), 409);

        // a step outcome: the executor's, on its own topic, answered as REST answers the executor
        String outcome = "{\"attempt\":1,\"managerEpoch\":0,\"outcome\":\"SUCCEEDED\",\"facts\":{}}";
        String outcomePayload = "{\"clusterId\":\"" + k + "\",\"upgradeId\":\"u-none\",\"stepId\":\"s0.0\","
                + "\"attempt\":1,\"managerEpoch\":0,\"outcome\":{\"outcome\":\"SUCCEEDED\",\"facts\":{}}}";
        String outcomePath = "/api/v1/clusters/" + r + "/upgrades/u-none/steps/s0.0/outcome";
        assertSame(send(executorProducer, "ledger.step-outcomes", "ReportStepOutcome", k, outcomePayload, null),
                executorRest.post(outcomePath, outcome));
        // ... and from anyone else, refused as REST refuses an operator
        ApiResponse byOperator = rest.post(outcomePath, outcome);
        assertThat(byOperator.status()).isEqualTo(403);
        assertSame(command("ReportStepOutcome", k, outcomePayload), byOperator);

        for (String upgradeCommand : List.of("AbandonUpgrade")) {
            assertSame(command(upgradeCommand, k, "{\"clusterId\":\"" + k + "\",\"upgradeId\":\"u-none\"}"),
                    rest.post("/api/v1/clusters/" + r + "/upgrades/u-none/abandon", ""));
        }

        assertSame(command("ClaimManagement", k, "{\"clusterId\":\"" + k + "\",\"managerId\":\"ledger-a\"}"),
                rest.post("/api/v1/clusters/" + r + "/management/claim", "{\"managerId\":\"ledger-a\"}"), 204);
        assertSame(command("ClaimManagement", k, "{\"clusterId\":\"" + k + "\",\"managerId\":\"ledger-b\"}"),
                rest.post("/api/v1/clusters/" + r + "/management/claim", "{\"managerId\":\"ledger-b\"}"), 409);
        String handOver = "{\"fromManagerId\":\"ledger-a\",\"toManagerId\":\"ledger-b\"}";
        assertSame(command("HandOverManagement", k, withCluster(handOver, k)),
                rest.post("/api/v1/clusters/" + r + "/management/hand-over", handOver), 204);
        assertSame(command("HandOverManagement", k, withCluster(handOver, k)),
                rest.post("/api/v1/clusters/" + r + "/management/hand-over", handOver), 409);

        // discovery groups (Replicante): refused while the home manages the group, then released, claimed, resent
        String byOther = "{\"managerClusterId\":\"repl-elsewhere\"}";
        String claimPath = "/api/v1/clusters/" + r + "/groups/zone-a/claim";
        String claimPayload = "{\"clusterId\":\"" + k + "\",\"group\":\"zone-a\",\"managerClusterId\":\"repl-elsewhere\"}";
        assertSame(command("ClaimDiscoveryGroup", k, claimPayload), rest.post(claimPath, byOther), 409);
        assertSame(command("ReleaseDiscoveryGroup", k, "{\"clusterId\":\"" + k + "\",\"group\":\"zone-a\","
                        + "\"managerClusterId\":\"" + k + "\"}"),
                rest.post("/api/v1/clusters/" + r + "/groups/zone-a/release", "{\"managerClusterId\":\"" + r + "\"}"),
                204);
        assertSame(command("ClaimDiscoveryGroup", k, claimPayload), rest.post(claimPath, byOther), 204);
        assertSame(command("ClaimDiscoveryGroup", k, claimPayload), rest.post(claimPath, byOther), 204);

        // labels: a changed set, the same set again (changed false), a label outside the rule; the same result as REST
        String labels = "{\"labels\":{\"region\":\"eu\",\"tier\":\"gold\"}}";
        for (boolean changed : List.of(true, false)) {
            ApiResponse overRest = rest.send("PUT", "/api/v1/clusters/" + r + "/labels", labels);
            JsonNode overKafka = command("SetClusterLabels", k, withCluster(labels, k));
            assertSame(overKafka, overRest, 200);
            assertThat(overKafka.at("/result/changed").asBoolean()).isEqualTo(changed);
            assertThat(overKafka.at("/result/labels")).isEqualTo(overRest.json().get("labels"));
        }
        String badLabel = "{\"labels\":{\"-region\":\"eu\"}}";
        assertThat(rest.send("PUT", "/api/v1/clusters/" + r + "/labels", badLabel).status()).isEqualTo(400);
        assertThat(command("SetClusterLabels", k, withCluster(badLabel, k)).get("status").asString())
                .isEqualTo("INVALID");

        String retire = "{\"reason\":\"parity test\"}";
        assertSame(command("RetireCluster", k, withCluster(retire, k)),
                rest.post("/api/v1/clusters/" + r + "/retire", retire), 204);
        assertSame(command("RetireCluster", k, withCluster(retire, k)),
                rest.post("/api/v1/clusters/" + r + "/retire", retire), 409);
    }

    /** Without a token, with a token of the wrong issuer, or without the grant: refused alike, nothing stored. */
    @Test
    void aSenderWithoutAValidTokenOrGrantIsRefusedAsOverRest() throws Exception {
        String k = "k-" + UUID.randomUUID().toString().substring(0, 8);
        String r = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String register = "{\"clusterId\":\"%s\",\"product\":\"camunda\",\"version\":\"7.5\","
                + "\"nodes\":[{\"id\":\"engine-1\",\"address\":\"10.0.0.1:8080\"}]}";
        ApiClient anonymous = new ApiClient(ThreeServices.get().commandApi.baseUrl().toString()).anonymous();
        for (String token : java.util.Arrays.asList(null, TestIssuer.get().fromOtherIssuer("x", "operator:*"),
                TestIssuer.get().viewer(), TestIssuer.get().operator("someone-else"))) {
            ApiClient caller = token == null ? anonymous : anonymous.as(token);
            ApiResponse overRest = caller.post("/api/v1/clusters", register.formatted(r));
            assertThat(overRest.status()).isIn(401, 403);
            assertSame(send(producer, "ledger.commands", "RegisterCluster", k, register.formatted(k),
                    token == null ? null : "Bearer " + token), overRest);
        }
        // nothing was registered by either: retiring the cluster answers 404 over both
        assertSame(command("RetireCluster", k, "{\"clusterId\":\"" + k + "\",\"reason\":\"never registered\"}"),
                rest.post("/api/v1/clusters/" + r + "/retire", "{\"reason\":\"never registered\"}"), 404);
    }

    /** Same answer as REST, and REST answered {@code status}. */
    /** Approvals (given, given again, rejected when not pending) and a product's profile, over both edges. */
    @Test
    void approvalsAndProductProfilesGetTheSameAnswersAsOverRest() throws Exception {
        String k = "k-" + UUID.randomUUID().toString().substring(0, 8);
        String r = "r-" + UUID.randomUUID().toString().substring(0, 8);
        String register = """
                {"clusterId":"%s","product":"backend.ai","version":"23.09.10",
                 "nodes":[{"id":"manager-1","address":"10.0.1.1:8081","role":"manager"},
                          {"id":"agent-1","address":"10.0.1.2:6001","role":"agent"}],
                 "catalog":{"lines":[{"name":"23.09","versions":["23.09.10"]},{"name":"24.03","versions":["24.03.0"]}],
                            "rules":{}}}""";
        String upgrade = "{\"upgradeId\":\"u-2403\",\"targetVersion\":\"24.03.0\",\"strategy\":\"OFFLINE\","
                + "\"schemaChange\":\"ADDITIVE\"}";
        for (String cluster : List.of(k, r)) {
            assertThat(rest.post("/api/v1/clusters", register.formatted(cluster)).status()).isEqualTo(201);
            assertThat(rest.post("/api/v1/clusters/" + cluster + "/upgrades", upgrade).status()).isEqualTo(201);
        }
        // Backend.AI's profile: the release notes are read first (s0.0), before anything else starts
        String approve = "{\"upgradeId\":\"u-2403\",\"stepId\":\"s0.0\",\"reason\":\"notes read\"}";
        JsonNode approved = command("ApproveUpgrade", k, withCluster(approve, k));
        ApiResponse restApproved = rest.post("/api/v1/clusters/" + r + "/upgrades/u-2403/approvals/s0.0/approve",
                "{\"reason\":\"notes read\"}");
        assertSame(approved, restApproved, 200);
        // over Kafka the result is the receipt: ACCEPTED where REST says counted, DUPLICATE where it says not
        assertThat(approved.get("result").asString()).as(approved.toString()).isEqualTo("ACCEPTED");
        assertThat(restApproved.json().get("counted").asBoolean()).isTrue();
        JsonNode again = command("ApproveUpgrade", k, withCluster(approve, k));
        ApiResponse restAgain = rest.post("/api/v1/clusters/" + r + "/upgrades/u-2403/approvals/s0.0/approve",
                "{\"reason\":\"notes read\"}");
        assertSame(again, restAgain, 200);
        assertThat(again.get("result").asString()).as(again.toString()).isEqualTo("DUPLICATE");
        assertThat(restAgain.json().get("counted").asBoolean()).isFalse();
        String reject = "{\"upgradeId\":\"u-2403\",\"stepId\":\"s0.0\",\"reason\":\"too late\"}";
        assertSame(command("RejectUpgrade", k, withCluster(reject, k)),
                rest.post("/api/v1/clusters/" + r + "/upgrades/u-2403/approvals/s0.0/reject",
                        "{\"reason\":\"too late\"}"), 409);

        JsonNode camunda = rest.get("/api/v1/products/camunda").json();
        String productK = "parity-" + k;
        String productR = "parity-" + r;
        String declare = "{\"profile\":" + camunda.toString().replace("\"product\":\"camunda\"", "\"product\":\"%s\"")
                + ",\"reason\":\"parity\",\"expectedVersion\":0}";
        assertSame(command("DeclareProductProfile", "product/" + productK,
                        "{\"product\":\"" + productK + "\"," + declare.formatted(productK).substring(1)),
                rest.send("PUT", "/api/v1/products/" + productR, declare.formatted(productR)), 200);
        assertSame(command("DeclareProductProfile", "product/" + productK,
                        "{\"product\":\"" + productK + "\"," + declare.formatted(productK).substring(1)),
                rest.send("PUT", "/api/v1/products/" + productR, declare.formatted(productR)), 409);
    }

    @Test
    void fleetCommandsGetTheSameAnswersAsOverRest() throws Exception {
        String k = "fk-" + UUID.randomUUID().toString().substring(0, 8);
        String r = "fr-" + UUID.randomUUID().toString().substring(0, 8);
        for (String product : List.of(k, r)) {
            assertThat(rest.post("/api/v1/clusters", ("{\"clusterId\":\"%s-1\",\"product\":\"%s\",\"version\":\"1.0\","
                    + "\"nodes\":[{\"id\":\"n-1\",\"address\":\"10.0.7.1:1\"}]}").formatted(product, product))
                    .status()).isEqualTo(201);
        }
        String plan = "{\"selector\":{\"product\":\"%s\"},\"targetVersion\":\"1.1\",\"upgrade\":{\"strategy\":"
                + "\"OFFLINE\"},\"waves\":{\"canary\":\"0\",\"waveSize\":\"1\",\"maxConcurrent\":1},"
                + "\"failureBudget\":\"0\",\"windows\":{\"clusters\":{\"%s-1\":{\"cron\":\"0 0 29 2 *\","
                + "\"duration\":\"PT1M\",\"zone\":\"UTC\"}}}}";
        // each fleet's one cluster waits for a window that opens on a 29th of February: nothing runs meanwhile
        JsonNode started = command("StartFleetUpgrade", "fleet/" + k,
                "{\"fleetId\":\"" + k + "\",\"plan\":" + plan.formatted(k, k) + "}");
        ApiResponse restStarted = rest.post("/api/v1/fleet-upgrades",
                "{\"fleetId\":\"" + r + "\"," + plan.formatted(r, r).substring(1));
        assertSame(started, restStarted, 201);
        assertThat(started.at("/result/fleetId").asString()).isEqualTo(k);
        assertThat(started.at("/result/plan/waves").size()).isEqualTo(1)
                .isEqualTo(restStarted.json().at("/plan/waves").size());
        assertSame(command("StartFleetUpgrade", "fleet/" + k, "{\"fleetId\":\"" + k + "\",\"plan\":"
                        + plan.formatted(k, k) + "}"),
                rest.post("/api/v1/fleet-upgrades", "{\"fleetId\":\"" + r + "\"," + plan.formatted(r, r).substring(1)),
                409);
        assertSame(command("ResumeFleetUpgrade", "fleet/" + k, "{\"fleetId\":\"" + k + "\"}"),
                rest.post("/api/v1/fleet-upgrades/" + r + "/resume", ""), 409);
        assertSame(command("ResumeFleetUpgrade", "fleet/nf-" + k, "{\"fleetId\":\"nf-" + k + "\"}"),
                rest.post("/api/v1/fleet-upgrades/nf-" + r + "/resume", ""), 404);
        // neither fleet waits for an approval (their cluster waits for its window)
        assertSame(command("ApproveFleetWave", "fleet/" + k, "{\"fleetId\":\"" + k + "\",\"wave\":1,\"reason\":\"go\"}"),
                rest.post("/api/v1/fleet-upgrades/" + r + "/approvals", "{\"wave\":1,\"reason\":\"go\"}"), 409);
        assertSame(command("AbortFleetUpgrade", "fleet/" + k, "{\"fleetId\":\"" + k + "\",\"reason\":\"parity\"}"),
                rest.post("/api/v1/fleet-upgrades/" + r + "/abort", "{\"reason\":\"parity\"}"), 202);
        assertSame(command("AbortFleetUpgrade", "fleet/" + k, "{\"fleetId\":\"" + k + "\",\"reason\":\"parity\"}"),
                rest.post("/api/v1/fleet-upgrades/" + r + "/abort", "{\"reason\":\"parity\"}"), 409);
        assertSame(command("RollBackFleetUpgrade", "fleet/" + k, "{\"fleetId\":\"" + k + "\",\"reason\":\"parity\"}"),
                rest.post("/api/v1/fleet-upgrades/" + r + "/rollback", "{\"reason\":\"parity\"}"), 409);
    }

    private static void assertSame(JsonNode overKafka, ApiResponse overRest, int status) {
        assertThat(overRest.status()).as(overRest.body()).isEqualTo(status);
        assertSame(overKafka, overRest);
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

    /** Sends one command envelope as plain JSON text, with an operator's token, and waits for its result. */
    private static JsonNode command(String type, String key, String payload) throws Exception {
        return send(producer, "ledger.commands", type, key, payload, "Bearer " + operatorToken);
    }

    private static JsonNode send(KafkaProducer<String, String> sender, String topic, String type, String key,
                                 String payload, String authorization) throws Exception {
        String commandId = UUID.randomUUID().toString();
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, "{\"commandId\":\"" + commandId
                + "\",\"commandType\":\"" + type + "\",\"actor\":\"kafka-client\",\"correlationId\":\"parity\","
                + "\"payload\":" + payload + "}");
        if (authorization != null) {
            record.headers().add("Authorization", authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        sender.send(record).get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> answer : results.poll(Duration.ofMillis(500))) {
                if (commandId.equals(answer.key())) {
                    return ApiClient.json(answer.value());
                }
            }
        }
        throw new AssertionError("no result for " + type + " " + commandId + " within 60 s");
    }
}
