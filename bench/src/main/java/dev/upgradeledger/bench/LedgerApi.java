package dev.upgradeledger.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import dev.upgradeledger.testsupport.TestIssuer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The few calls the benchmark makes on the services, over one JDK HTTP/1.1 client with kept-alive connections. */
final class LedgerApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI commandApi;
    private final URI projection;
    private final URI executor;

    /** The harness's token (its own issuer, see BenchStack): an admin's, valid for six hours. */
    private final String authorization = "Bearer " + TestIssuer.get().token("ledger-bench", "admin:*");

    LedgerApi(URI commandApi, URI projection, URI executor) {
        this.commandApi = commandApi;
        this.projection = projection;
        this.executor = executor;
    }

    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** {@code POST /api/v1/clusters}: a cluster of {@code nodes} nodes on version 1.0, without a catalog. */
    Answer register(String clusterId, String product, int nodes) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("{\"clusterId\":\"").append(clusterId)
                .append("\",\"product\":\"").append(product).append("\",\"version\":\"1.0\",\"nodes\":[");
        for (int i = 1; i <= nodes; i++) {
            body.append(i > 1 ? "," : "").append("{\"id\":\"node-").append(i).append("\",\"address\":\"10.0.0.")
                    .append(i).append(":8080\",\"group\":\"zone-").append(i % 2 == 0 ? "a" : "b").append("\"}");
        }
        return post(commandApi.resolve("/api/v1/clusters"), body.append("]}").toString());
    }

    /** The README's 6-node Camunda cluster on 7.5, with its catalog (rolling across minors allowed). */
    Answer registerCamunda(String clusterId, String product) throws IOException, InterruptedException {
        return registerCamunda(clusterId, product, 6);
    }

    /** A Camunda cluster of {@code nodes} engines on 7.5 with the README's catalog. */
    Answer registerCamunda(String clusterId, String product, int nodes) throws IOException, InterruptedException {
        StringBuilder list = new StringBuilder(nodes * 48);
        for (int i = 1; i <= nodes; i++) {
            list.append(i > 1 ? "," : "").append("{\"id\":\"engine-").append(i).append("\",\"address\":\"10.")
                    .append(i / 65536 % 256).append('.').append(i / 256 % 256).append('.').append(i % 256)
                    .append(":8080\"}");
        }
        return post(commandApi.resolve("/api/v1/clusters"), """
                {"clusterId":"%s","product":"%s","version":"7.5","nodes":[%s],
                 "catalog":{"lines":[{"name":"7.4","versions":["7.4"]},{"name":"7.5","versions":["7.5"]},
                                     {"name":"7.6","versions":["7.6"]}],
                            "rules":{"consecutiveWithinLine":false,"noRollingAcrossLines":false}}}"""
                .formatted(clusterId, product, list), Duration.ofSeconds(Math.max(30, nodes / 50)));
    }

    /** The README's upgrade: to 7.6, ROLLING, additive schema change, 33% (one node of 6) at a time. */
    Answer requestRollingUpgrade(String clusterId, String upgradeId) throws IOException, InterruptedException {
        return requestRollingUpgrade(clusterId, upgradeId, "33%", Duration.ofSeconds(30));
    }

    /** The README's upgrade (to 7.6, ROLLING, additive schema change) with another {@code maxUnavailable}. */
    Answer requestRollingUpgrade(String clusterId, String upgradeId, String maxUnavailable, Duration timeout)
            throws IOException, InterruptedException {
        return post(commandApi.resolve("/api/v1/clusters/" + clusterId + "/upgrades"), """
                {"upgradeId":"%s","targetVersion":"7.6","strategy":"ROLLING","schemaChange":"ADDITIVE",
                 "maxUnavailable":"%s"}""".formatted(upgradeId, maxUnavailable), timeout);
    }

    /** An upgrade to 7.6 (additive schema change) with the given strategy and {@code maxUnavailable}. */
    Answer requestUpgrade(String clusterId, String upgradeId, String strategy, String maxUnavailable,
                          Duration timeout) throws IOException, InterruptedException {
        return post(commandApi.resolve("/api/v1/clusters/" + clusterId + "/upgrades"), """
                {"upgradeId":"%s","targetVersion":"7.6","strategy":"%s","schemaChange":"ADDITIVE",
                 "maxUnavailable":"%s"}""".formatted(upgradeId, strategy, maxUnavailable), timeout);
    }

    /** {@code GET /api/v1/simulated/clusters/{id}} on the executor: the simulated nodes and every action received. */
    Answer simulatedCluster(String clusterId) throws IOException, InterruptedException {
        return get(executor.resolve("/api/v1/simulated/clusters/" + clusterId));
    }

    /** An operator command on an upgrade: {@code pause}, {@code resume}, {@code abort}, ... */
    Answer upgradeCommand(String clusterId, String upgradeId, String command) throws IOException, InterruptedException {
        return post(commandApi.resolve("/api/v1/clusters/" + clusterId + "/upgrades/" + upgradeId + "/" + command),
                "{\"reason\":\"benchmark section timed out\"}");
    }

    /** command-api's {@code GET /api/v1/admin/publisher}. */
    Answer publisher() throws IOException, InterruptedException {
        return get(commandApi.resolve("/api/v1/admin/publisher"));
    }

    /** A projection admin call ({@code /admin/v1/...}): POST with an optional JSON body, or GET. */
    Answer projectionAdmin(String method, String path, String json, Duration timeout)
            throws IOException, InterruptedException {
        URI uri = projection.resolve("/admin/v1/" + path);
        if (method.equals("GET")) {
            return get(uri, timeout);
        }
        return post(uri, json == null ? "" : json, timeout);
    }

    /** {@code GET /api/v1/clusters/{id}} on the projection: 200 with the cluster, or 404. */
    Answer projectedCluster(String clusterId) throws IOException, InterruptedException {
        return get(projection.resolve("/api/v1/clusters/" + clusterId));
    }

    /** {@code GET /api/v1/clusters?product=} on the projection. */
    JsonNode projectedClusters(String product) throws IOException, InterruptedException {
        return ok(get(projection.resolve("/api/v1/clusters?product=" + product), Duration.ofSeconds(60))).json();
    }

    URI commandApi() {
        return commandApi;
    }

    URI projection() {
        return projection;
    }

    URI executor() {
        return executor;
    }

    /** The upgrade status the projection shows for a cluster, empty before its first upgrade or when unknown. */
    Optional<String> upgradeStatus(String clusterId) throws IOException, InterruptedException {
        Answer answer = projectedCluster(clusterId);
        if (answer.status() != 200) {
            return Optional.empty();
        }
        JsonNode status = answer.json().at("/cluster/upgrade/status");
        return status.isMissingNode() || status.isNull() ? Optional.empty() : Optional.of(status.asString());
    }

    /** A cluster's whole history from the projection (at most 500 events, enough for one upgrade). */
    JsonNode history(String clusterId) throws IOException, InterruptedException {
        return ok(get(projection.resolve("/api/v1/clusters/" + clusterId + "/history?limit=500"))).json()
                .path("events");
    }

    /** Every (step, attempt) the executor performed for a cluster, with when it started and finished acting. */
    JsonNode executedSteps(String clusterId) throws IOException, InterruptedException {
        return ok(get(executor.resolve("/api/v1/steps?clusterId=" + clusterId))).json();
    }

    Answer get(URI uri) throws IOException, InterruptedException {
        return get(uri, Duration.ofSeconds(30));
    }

    /** A GET, sent once more if the connection failed (e.g. a kept-alive one the server had closed). */
    Answer get(URI uri, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", authorization).GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return new Answer(response.statusCode(), response.body());
    }

    Answer post(URI uri, String json) throws IOException, InterruptedException {
        return post(uri, json, Duration.ofSeconds(30));
    }

    Answer post(URI uri, String json, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    static Answer ok(Answer answer) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
        }
        return answer;
    }
}
