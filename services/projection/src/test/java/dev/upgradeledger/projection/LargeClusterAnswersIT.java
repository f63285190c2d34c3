package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.events.ClusterRegistered;
import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.events.FailurePolicy;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.MaxUnavailable;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.NodeSpec;
import dev.upgradeledger.events.PlannedStep;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.support.envelope.EnvelopeCodec;
import dev.upgradeledger.testsupport.ApiClient.ApiResponse;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers about a cluster of thousands of nodes come in pages: a past state's nodes (with the running steps on
 * them), a diagnosis' steps and failed attempts, the history; the live stream does not replay a long history on
 * resuming. The history is built synthetically (a registration of {@value #NODES} nodes, a rolling upgrade at 10 %
 * with thousands of steps, retried attempts and a failure) and published as command-api would, with duplicates.
 */
@LedgerIntegrationTest
class LargeClusterAnswersIT extends ProjectionIntegrationTest {

    private static final int NODES = 2_500;
    private static final int RETRIED = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Huge huge;

    @Autowired
    private JdbcClient jdbc;

    /** The cluster's history, published once for every test of the class. */
    private record Huge(History history, String upgradeId, long runningSequence, int running, int stepsStarted,
                        List<String> nodeIds) {
    }

    private synchronized Huge huge() {
        if (huge != null) {
            return huge;
        }
        History history = new History(uniqueClusterId("huge"));
        List<NodeSpec> specs = IntStream.range(0, NODES).mapToObj(i -> new NodeSpec(NodeId.of("node-%05d".formatted(i)),
                "10.1." + i / 250 + "." + i % 250 + ":8080", "zone-" + (char) ('a' + i % 3))).toList();
        history.add(new ClusterRegistered(history.clusterId(), "camunda", Version.of("1.0.8"), Version.of("1"),
                specs));
        String upgradeId = "u-huge";
        UpgradeRun run = UpgradeRun.rolling(history, upgradeId, "1.0.8", "1.1.0", FailurePolicy.PAUSE,
                MaxUnavailable.of("10%"), specs.stream().map(spec -> spec.id().value()).toArray(String[]::new));
        // the schema step and the first two batches (four stages of 250 steps each), step by step
        int stage = 0;
        int started = 0;
        while (started < 2_001) {
            run.runStage(stage);
            started += run.plan.stages().get(stage).steps().size();
            stage++;
        }
        // the next stage: every step started (the state after: a page's running steps are those on its nodes)
        List<PlannedStep> steps = run.plan.stages().get(stage).steps();
        steps.forEach(step -> run.start(step, 1));
        long runningSequence = history.last().sequence();
        started += steps.size();
        // some fail and are retried, then succeed; the last one fails for good
        for (int i = 0; i < steps.size() - 1; i++) {
            if (i < RETRIED) {
                run.fail(steps.get(i), 1, "agent-busy", true);
                run.start(steps.get(i), 2);
            }
            run.succeed(steps.get(i));
        }
        run.fail(steps.get(steps.size() - 1), 1, "disk-full", false);
        publishQuickly(history.all());
        awaitLastSequence(history);
        redeliver(history.get(3), history.get(1_000), history.last());
        huge = new Huge(history, upgradeId, runningSequence, steps.size(), started,
                specs.stream().map(spec -> spec.id().value()).sorted().toList());
        return huge;
    }

    @Test
    void aPastStateOfThousandsOfNodesComesInPagesEachWithTheRunningStepsOnItsNodes() {
        Huge cluster = huge();
        String path = "/api/v1/clusters/" + cluster.history().clusterId() + "/state?sequence="
                + cluster.runningSequence();
        List<String> nodes = new ArrayList<>();
        List<String> runningSteps = new ArrayList<>();
        List<Integer> sizes = follow(path, page -> {
            JsonNode state = page.get("state");
            assertThat(state.get("nodeCount").asInt()).as("the summary is whole on every page").isEqualTo(NODES);
            assertThat(state.get("versions").toString()).isEqualTo("[\"1.0.8\",\"1.1.0\"]");
            assertThat(state.get("lastSequence").asLong()).isEqualTo(cluster.runningSequence());
            assertThat(state.at("/upgrade/runningStepCount").asInt()).isEqualTo(cluster.running());
            Set<String> onPage = new HashSet<>();
            state.get("nodes").forEach(node -> {
                onPage.add(node.get("nodeId").asString());
                nodes.add(node.get("nodeId").asString());
            });
            state.at("/upgrade/runningSteps").forEach(step -> {
                assertThat(onPage).as("a running step comes with its node").contains(step.get("nodeId").asString());
                runningSteps.add(step.get("stepId").asString());
            });
            return state.get("next");
        });
        assertThat(sizes).containsExactly(500, 500, 500, 500, 500);
        assertThat(nodes).as("every node once, by id").containsExactlyElementsOf(cluster.nodeIds());
        assertThat(runningSteps).as("every running step once").hasSize(cluster.running()).doesNotHaveDuplicates();

        assertThat(follow(path + "&limit=2000", page -> page.at("/state/next"))).containsExactly(2_000, 500);
        for (String query : List.of("limit=0", "limit=2001", "after=bad%20node!")) {
            ApiResponse bad = api.get(path + "&" + query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
        }
    }

    @Test
    void aDiagnosisOfThousandsOfStepsComesInPagesWithItsSummaryWhole() {
        Huge cluster = huge();
        String path = "/api/v1/upgrades/" + cluster.upgradeId() + "/diagnosis?clusterId="
                + cluster.history().clusterId();
        JsonNode first = api.get(path).json();
        assertThat(first.get("failed").asBoolean()).isTrue();
        assertThat(first.at("/failure/code").asString()).isEqualTo("disk-full");
        assertThat(first.get("stepCount").asInt()).isEqualTo(cluster.stepsStarted());
        assertThat(first.get("failedAttemptCount").asInt()).isEqualTo(RETRIED + 1);
        assertThat(first.get("quarantinedNodeCount").asInt()).isZero();
        for (String state : List.of("stateBeforeFailure", "lastGoodState")) {
            JsonNode nodes = first.at("/" + state + "/state/nodes");
            assertThat(nodes).as(state + ": the first page of its nodes").hasSize(500);
            assertThat(first.at("/" + state + "/state/nodeCount").asInt()).isEqualTo(NODES);
            assertThat(first.at("/" + state + "/state/next").asString()).isEqualTo(cluster.nodeIds().get(499));
        }

        Set<String> steps = new LinkedHashSet<>();
        List<Long> failedAttempts = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        long[] previousPageMax = {-1};
        List<Integer> sizes = follow(path, page -> {
            List<Long> onPage = new ArrayList<>();
            for (String whole : List.of("summary", "failure", "causalChain", "stepCount", "failedAttemptCount",
                    "failedStepAttempts", "stateBeforeFailure", "lastGoodState")) {
                assertThat(page.get(whole)).as(whole + " is whole on every page").isEqualTo(first.get(whole));
            }
            page.get("steps").forEach(step -> {
                assertThat(steps.add(step.get("hop").asInt() + "/" + step.get("stepId").asString()))
                        .as("each step on one page").isTrue();
                onPage.add(step.at("/attempts/0/startedSequence").asLong());
            });
            page.get("failedAttempts").forEach(attempt -> {
                failedAttempts.add(attempt.get("sequence").asLong());
                onPage.add(attempt.get("sequence").asLong());
            });
            assertThat(onPage).as("the page after the previous one's entries, in sequence order")
                    .allMatch(sequence -> sequence > previousPageMax[0]);
            if (!page.get("next").isNull()) {
                assertThat(page.get("next").asLong()).isEqualTo(onPage.stream().mapToLong(Long::longValue).max()
                        .orElseThrow());
            }
            previousPageMax[0] = onPage.stream().mapToLong(Long::longValue).max().orElse(previousPageMax[0]);
            sequences.addAll(onPage);
            return page.get("next");
        }, page -> page.get("steps").size() + page.get("failedAttempts").size()
                + page.get("quarantinedNodes").size());
        int entries = cluster.stepsStarted() + RETRIED + 1;
        List<Integer> expected = new ArrayList<>();
        for (int left = entries; left > 0; left -= 500) {
            expected.add(Math.min(500, left));
        }
        assertThat(sizes).isEqualTo(expected);
        assertThat(steps).hasSize(cluster.stepsStarted());
        assertThat(failedAttempts).hasSize(RETRIED + 1).doesNotHaveDuplicates();
        assertThat(sequences).as("each entry once").doesNotHaveDuplicates().hasSize(entries);

        assertThat(follow(path + "&limit=2000", page -> page.get("next"),
                page -> page.get("steps").size() + page.get("failedAttempts").size()).get(0)).isEqualTo(2_000);
        for (String query : List.of("limit=0", "limit=2001", "limit=many", "after=yesterday", "after=-2")) {
            ApiResponse bad = api.get(path + "&" + query);
            assertThat(bad.status()).as(query).isEqualTo(400);
            assertThat(bad.contentType()).as(query).startsWith("application/problem+json");
        }
    }

    @Test
    void theHistoryPagesByLinkAndAResumingStreamGetsWhatItMissedOrANoticeNotAllOfIt() throws Exception {
        Huge cluster = huge();
        long last = cluster.history().last().sequence();
        List<Long> sequences = new ArrayList<>();
        List<Integer> sizes = follow("/api/v1/clusters/" + cluster.history().clusterId() + "/history?limit=500",
                page -> {
                    page.get("events").forEach(event -> sequences.add(event.get("sequence").asLong()));
                    return page.get("next");
                }, page -> page.get("events").size());
        assertThat(sizes).hasSize((int) (last / 500 + 1)).allMatch(size -> size <= 500);
        assertThat(sequences).as("every event once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(0, last).boxed().toList());

        String stream = "http://127.0.0.1:" + port + "/api/v1/clusters/" + cluster.history().clusterId() + "/stream";
        try (SseClient resumed = SseClient.open(stream, String.valueOf(streamId(cluster, last - 700)))) {
            List<SseClient.Event> events = resumed.take(700, Duration.ofSeconds(60));
            assertThat(events).as("700 missed events, replayed in pages").hasSize(700);
            List<Long> replayed = events.stream()
                    .map(event -> JSON.readTree(event.data()).at("/event/sequence").asLong()).toList();
            assertThat(replayed).containsExactlyElementsOf(LongStream.rangeClosed(last - 699, last).boxed().toList());
        }
        try (SseClient behind = SseClient.open(stream, String.valueOf(streamId(cluster, 0)))) {
            List<SseClient.Event> events = behind.take(1, Duration.ofSeconds(20));
            assertThat(events).hasSize(1);
            assertThat(events.get(0).name()).isEqualTo("replay-truncated");
            JsonNode notice = JSON.readTree(events.get(0).data());
            assertThat(notice.get("after").asLong()).isEqualTo(streamId(cluster, 0));
            assertThat(notice.get("maxReplay").asInt()).isEqualTo(1_000);
            assertThat(notice.get("resumedAfter").asLong()).isGreaterThanOrEqualTo(streamId(cluster, last));
            assertThat(events.get(0).id()).isEqualTo(notice.get("resumedAfter").asString());
            assertThat(behind.take(1, Duration.ofSeconds(1))).as("none of the missed events").isEmpty();
        }
    }

    @Test
    void aSmallClustersAnswersComeWholeAsBefore() {
        History small = History.registered(uniqueClusterId("small"), "camunda", "1.0.8", "peer-1", "peer-2",
                "peer-3");
        UpgradeRun run = UpgradeRun.rolling(small, "u-small", "1.0.8", "1.1.0", FailurePolicy.PAUSE, "peer-1",
                "peer-2", "peer-3");
        run.runStage(0);
        run.runStage(1);
        PlannedStep failing = run.step(2, 0);
        run.start(failing, 1);
        run.fail(failing, 1, "agent-busy", false);
        publishAndAwait(small.all());
        redeliver(small.get(2));
        String state = "/api/v1/clusters/" + small.clusterId() + "/state?sequence=" + small.last().sequence();
        ApiResponse whole = api.get(state);
        assertThat(whole.header("Link")).isNull();
        assertThat(whole.header("X-Next-After")).isNull();
        assertThat(whole.json().at("/state/nodes")).hasSize(3);
        assertThat(whole.json().at("/state/next").isNull()).isTrue();
        assertThat(api.get(state + "&limit=2000").json()).as("paging changes nothing of a small state")
                .isEqualTo(whole.json());

        ApiResponse diagnosis = api.get("/api/v1/upgrades/u-small/diagnosis?clusterId=" + small.clusterId());
        assertThat(diagnosis.header("Link")).isNull();
        JsonNode body = diagnosis.json();
        assertThat(body.get("next").isNull()).isTrue();
        assertThat(body.get("steps")).hasSize(body.get("stepCount").asInt()).hasSize(3);
        assertThat(body.get("failedAttempts")).hasSize(1);
        assertThat(body.get("failedAttemptCount").asInt()).isEqualTo(1);
        assertThat(body.at("/stateBeforeFailure/state/nodes")).hasSize(3);
        assertThat(api.get("/api/v1/upgrades/u-small/diagnosis?clusterId=" + small.clusterId() + "&limit=2000")
                .json()).isEqualTo(body);
    }

    /** Follows the Link header from {@code path}; answers each page's size (the nodes of a state). */
    private List<Integer> follow(String path, Function<JsonNode, JsonNode> next) {
        return follow(path, next, page -> page.at("/state/nodes").size());
    }

    /**
     * Follows the Link header from {@code path} to the last page, checking that {@code next}, X-Next-After and the
     * link agree; answers each page's size.
     */
    private List<Integer> follow(String path, Function<JsonNode, JsonNode> next,
                                 ToIntFunction<JsonNode> size) {
        List<Integer> sizes = new ArrayList<>();
        ApiResponse page = api.get(path);
        while (true) {
            assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
            JsonNode body = page.json();
            sizes.add(size.applyAsInt(body));
            JsonNode cursor = next.apply(body);
            if (cursor == null || cursor.isNull()) {
                assertThat(page.header("Link")).isNull();
                assertThat(page.header("X-Next-After")).isNull();
                return sizes;
            }
            assertThat(page.header("X-Next-After")).isEqualTo(cursor.asString());
            String link = page.header("Link");
            assertThat(link).endsWith(">; rel=\"next\"").contains("after=" + cursor.asString());
            page = api.get(link.substring(link.indexOf("/api/v1/"), link.indexOf('>')));
            assertThat(sizes).as("pages are bounded").hasSizeLessThan(100);
        }
    }

    private long streamId(Huge cluster, long sequence) {
        return jdbc.sql("select stream_id from history_event where cluster_id = ? and sequence = ?")
                .params(cluster.history().clusterId().value(), sequence).query(Long.class).single();
    }

    /** Sends every envelope without waiting for each (one key, one partition: in order), then waits for all. */
    private void publishQuickly(List<EventEnvelope> envelopes) {
        EnvelopeCodec codec = new EnvelopeCodec();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            sent.add(kafka.send(LedgerTopics.EVENTS, envelope.clusterId().value(), codec.encode(envelope)));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private void awaitLastSequence(History history) {
        long last = history.last().sequence();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ApiResponse cluster = api.get("/api/v1/clusters/" + history.clusterId() + "?limit=1");
            return cluster.status() == 200 && cluster.json().at("/cluster/lastSequence").asLong() >= last;
        });
    }

}
