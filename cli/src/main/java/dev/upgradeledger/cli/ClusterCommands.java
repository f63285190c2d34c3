package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Reply;
import dev.upgradeledger.cli.LedgerClient.Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code ledger cluster register|list|get|gate|labels}. */
@Command(name = "cluster", aliases = "clusters", description = "Register clusters, list them, show one, set labels.",
        subcommands = {ClusterCommands.Register.class, ClusterCommands.ListClusters.class, ClusterCommands.Get.class,
                ClusterCommands.Gate.class, ClusterCommands.Labels.class})
final class ClusterCommands {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Command(name = "register", description = "Register a cluster described in a YAML or JSON file (the body of"
            + " POST /api/v1/clusters: clusterId, product, version, nodes, optional catalog and labels).")
    static final class Register implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "YAML or JSON; - for stdin")
        String file;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "a repeat with this key changes nothing")
        String idempotencyKey;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label of the cluster (repeatable); adds to"
                + " or overrides the file's labels")
        List<String> labels;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode body = readDocument(file);
            if (labels != null && !labels.isEmpty()) {
                ObjectNode merged = body.path("labels").isObject()
                        ? (ObjectNode) body.get("labels") : Json.object();
                labelPairs(labels).forEach(merged::put);
                ((ObjectNode) body).set("labels", merged);
            }
            Map<String, String> headers = new HashMap<>();
            if (idempotencyKey != null) {
                headers.put("Idempotency-Key", idempotencyKey);
            }
            Reply reply = ledger.client().post(Service.COMMAND_API, "/api/v1/clusters", body, headers);
            JsonNode answer = reply.body() != null ? reply.body() : Json.object()
                    .put("clusterId", Json.text(body, "/clusterId")).put("location", reply.header("Location"));
            ledger.output().print(answer, out -> out.println("cluster " + Json.text(body, "/clusterId")
                    + " registered: " + Json.text(body, "/product") + " " + Json.text(body, "/version") + ", "
                    + body.path("nodes").size() + " node(s)"
                    + ("true".equals(reply.header("Idempotent-Replayed")) ? " (a repeat: nothing changed)" : "")));
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", aliases = "ls", description = "The clusters the projection knows, by id.")
    static final class ListClusters implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--product", description = "only this product")
        String product;

        @Option(names = "--status", description = "CONVERGED, MIXED, RUNNING, ROLLING_BACK, PAUSED, FAILED, RETIRED")
        String status;

        @Option(names = "--node-version", paramLabel = "VERSION", description = "only clusters with a node on this version")
        String version;

        @Option(names = "--limit", description = "page size (1-500); without it every cluster")
        Integer limit;

        @Option(names = "--after", description = "the page after this cluster id")
        String after;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "only clusters carrying this label"
                + " (repeatable: every one must match)")
        List<String> labels;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            labelPairs(labels);
            Reply reply = ledger.client().get(Service.PROJECTION, new Paths.Query().add("product", product)
                    .add("status", status).add("version", version).addAll("label", labels).add("limit", limit)
                    .add("after", after).of("/api/v1/clusters"));
            ledger.output().print(reply.body(), out -> printClusters(out, reply.body()));
            String next = reply.header("X-Next-After");
            if (next != null) {
                ledger.output().note("more: --after " + next);
            }
            return ExitCodes.OK;
        }

        static void printClusters(PrintWriter out, JsonNode clusters) {
            Table table = new Table("cluster", "product", "version", "nodes", "status", "upgrade", "upgrade status",
                    "target", "updated");
            for (JsonNode cluster : clusters) {
                table.row(Json.text(cluster, "/clusterId"), Json.text(cluster, "/product"), versions(cluster),
                        Json.text(cluster, "/nodeCount"), Json.text(cluster, "/status"),
                        Json.text(cluster, "/upgrade/upgradeId"), Json.text(cluster, "/upgrade/status"),
                        Json.text(cluster, "/upgrade/targetVersion"), Json.time(cluster, "/updatedAt"));
            }
            if (table.isEmpty()) {
                out.println("no clusters");
            } else {
                table.print(out);
            }
        }
    }

    @Command(name = "get", aliases = "status", description = "One cluster: status, versions, upgrade, feature gate,"
            + " nodes.")
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CLUSTER")
        String clusterId;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode cluster = Pages.nodes(ledger.client(), "/api/v1/clusters/" + Paths.segment(clusterId));
            if (ledger.output().forPeople()) {
                JsonNode gate = ledger.client().get(Service.PROJECTION, "/api/v1/clusters/"
                        + Paths.segment(clusterId) + "/feature-gate").body();
                ledger.output().print(cluster, out -> printCluster(out, cluster, gate));
            } else {
                ledger.output().document(cluster);
            }
            return ExitCodes.OK;
        }

        static void printCluster(PrintWriter out, JsonNode answer, JsonNode gate) {
            JsonNode cluster = answer.path("cluster");
            new Table.Fields()
                    .add("Cluster", Json.text(cluster, "/clusterId"))
                    .add("Product", Json.text(cluster, "/product"))
                    .add("Version", Json.text(cluster, "/version") + " (nodes on " + versions(cluster) + ")")
                    .add("Schema", Json.text(cluster, "/schemaVersion"))
                    .add("Labels", labelsLine(cluster.path("labels")))
                    .add("Status", Json.text(cluster, "/status")
                            + (cluster.path("mixedVersionWindow").asBoolean()
                            ? " (mixed-version window: do not use new-version features yet)" : ""))
                    .add("Upgrade", Json.present(cluster.at("/upgrade/upgradeId"))
                            ? Json.text(cluster, "/upgrade/upgradeId") + " " + Json.text(cluster, "/upgrade/status")
                            + " -> " + Json.text(cluster, "/upgrade/targetVersion") : "none yet")
                    .add("Feature gate", gateLine(gate))
                    .add("Manager", Json.present(cluster.at("/manager/managerId"))
                            ? Json.text(cluster, "/manager/managerId") + " (epoch "
                            + Json.text(cluster, "/manager/epoch") + ")" : "none")
                    .add("Registered", Json.time(cluster, "/registeredAt"))
                    .add("Updated", Json.time(cluster, "/updatedAt") + " (event #"
                            + Json.text(cluster, "/lastSequence") + ")")
                    .print(out);
            out.println();
            Table nodes = new Table("node", "role", "group", "address", "version", "state", "last step", "action",
                    "step status");
            for (JsonNode node : answer.path("nodes")) {
                nodes.row(Json.text(node, "/nodeId"), Json.text(node, "/role"), Json.text(node, "/group"),
                        Json.text(node, "/address"),
                        Json.text(node, "/version"), Json.text(node, "/state"), Json.text(node, "/lastStepId"),
                        Json.text(node, "/lastAction"), Json.text(node, "/lastStepStatus"));
            }
            nodes.print(out);
        }
    }

    @Command(name = "labels", description = "Replace a cluster's labels with the ones given (the whole set);"
            + " nothing is recorded when they are the same.")
    static final class Labels implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "CLUSTER")
        String clusterId;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE", description = "the cluster's labels")
        List<String> labels;

        @Option(names = "--none", description = "remove every label (instead of giving KEY=VALUE pairs)")
        boolean none;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            boolean given = labels != null && !labels.isEmpty();
            if (given == none) {
                throw new IllegalArgumentException("give the cluster's labels as KEY=VALUE, or --none to remove them"
                        + " all");
            }
            ObjectNode set = Json.object();
            labelPairs(labels).forEach(set::put);
            ObjectNode body = Json.object();
            body.set("labels", set);
            Reply reply = ledger.client().put(Service.COMMAND_API, "/api/v1/clusters/" + Paths.segment(clusterId)
                    + "/labels", body);
            JsonNode answer = reply.body();
            ledger.output().print(answer, out -> out.println("cluster " + clusterId + " labels: "
                    + labelsLine(answer.path("labels"))
                    + (answer.path("changed").asBoolean() ? "" : " (unchanged: nothing recorded)")));
            return ExitCodes.OK;
        }
    }

    /** {@code KEY=VALUE} arguments as a map, in their order; the service checks the characters and lengths. */
    static Map<String, String> labelPairs(List<String> pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (pairs != null) {
            for (String pair : pairs) {
                int equals = pair.indexOf('=');
                if (equals <= 0 || equals == pair.length() - 1) {
                    throw new IllegalArgumentException("a label is KEY=VALUE, was '" + pair + "'");
                }
                labels.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return labels;
    }

    /** {@code region=eu, tier=gold}, or {@code none}. */
    static String labelsLine(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        labels.properties().forEach(entry -> pairs.add(entry.getKey() + "=" + entry.getValue().asString()));
        return pairs.isEmpty() ? "none" : String.join(", ", pairs);
    }

    @Command(name = "gate", aliases = "feature-gate", description = "Whether clients may use the new version's"
            + " features yet, why, and since which event.")
    static final class Gate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "CLUSTER")
        String clusterId;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            JsonNode gate = ledger.client().get(Service.PROJECTION, "/api/v1/clusters/" + Paths.segment(clusterId)
                    + "/feature-gate").body();
            ledger.output().print(gate, out -> new Table.Fields()
                    .add("Cluster", Json.text(gate, "/clusterId"))
                    .add("Feature gate", gateLine(gate))
                    .add("Versions", versionList(gate.path("versions")))
                    .add("Upgrade", Json.text(gate, "/upgradeId"))
                    .add("Since", Json.time(gate, "/since") + " (event #" + Json.text(gate, "/sinceSequence") + ")")
                    .print(out));
            return ExitCodes.OK;
        }
    }

    /** {@code open: ...} or {@code closed (rule): ...}, from the projection's feature gate. */
    static String gateLine(JsonNode gate) {
        boolean open = gate.path("newFeaturesAllowed").asBoolean();
        return (open ? "open" : "closed (" + Json.text(gate, "/rule") + ")") + ": " + Json.text(gate, "/why");
    }

    static String versionList(JsonNode versions) {
        List<String> all = new ArrayList<>();
        versions.forEach(version -> all.add(version.asString()));
        return all.isEmpty() ? "-" : String.join(",", all);
    }

    static String versions(JsonNode cluster) {
        JsonNode versions = cluster.path("versions");
        if (!versions.isArray() || versions.isEmpty()) {
            return Json.text(cluster, "/version");
        }
        List<String> all = new ArrayList<>();
        versions.forEach(version -> all.add(version.asString()));
        return String.join(",", all);
    }

    /** A YAML or JSON document from a file, or from stdin for "-". */
    static JsonNode readDocument(String file) {
        try {
            if ("-".equals(file)) {
                try (InputStream in = System.in) {
                    return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "stdin");
                }
            }
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            return parse(Files.readString(path), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode parse(String text, String source) {
        try {
            JsonNode document = text.stripLeading().startsWith("{") ? Json.MAPPER.readTree(text) : YAML.readTree(text);
            if (document == null || !document.isObject()) {
                throw new IllegalArgumentException(source + " does not hold an object (YAML mapping or JSON)");
            }
            return document;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is neither YAML nor JSON: " + e.getOriginalMessage());
        }
    }
}
