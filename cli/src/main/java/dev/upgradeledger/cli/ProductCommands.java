package dev.upgradeledger.cli;

import dev.upgradeledger.cli.LedgerClient.Reply;
import dev.upgradeledger.cli.LedgerClient.Service;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ledger product get|versions|put}: a product's profile, versioned by events (command-api). */
@Command(name = "product", aliases = "products", description = "Read a product's profile and its versions, declare"
        + " its next version.",
        subcommands = {ProductCommands.Get.class, ProductCommands.Versions.class, ProductCommands.Put.class})
final class ProductCommands {

    private ProductCommands() {
    }

    @Command(name = "get", description = "The product's current profile (JSON, as PUT takes it back).")
    static final class Get implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PRODUCT")
        String product;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            Reply reply = ledger.client().get(Service.COMMAND_API, "/api/v1/products/" + Paths.segment(product));
            ledger.output().document(reply.body());
            return ExitCodes.OK;
        }
    }

    @Command(name = "versions", description = "Every version of the product's profile: who declared it, when, why.")
    static final class Versions implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PRODUCT")
        String product;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            Reply reply = ledger.client().get(Service.COMMAND_API,
                    "/api/v1/products/" + Paths.segment(product) + "/versions");
            ledger.output().print(reply.body(), out -> {
                Table table = new Table("version", "actor", "at", "reason");
                for (JsonNode version : reply.body().path("versions")) {
                    table.row(Json.text(version, "/version"), version.path("builtIn").asBoolean() ? "(built in)"
                            : Json.text(version, "/actor"), Json.time(version, "/at"), Json.text(version, "/reason"));
                }
                table.print(out);
                out.println("current: " + Json.text(reply.body(), "/current"));
            });
            return ExitCodes.OK;
        }
    }

    @Command(name = "put", description = "Declare the product's next profile version from a YAML or JSON file (the"
            + " profile as 'ledger product get' prints it), for every cluster of the product.")
    static final class Put implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PRODUCT")
        String product;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "YAML or JSON; - for stdin")
        String file;

        @Option(names = "--reason", required = true, description = "why the profile changes (recorded)")
        String reason;

        @Option(names = "--expected-version", paramLabel = "N",
                description = "the version the file was made from; another current version is refused")
        Long expectedVersion;

        @Override
        public Integer call() {
            Ledger ledger = Ledger.of(spec);
            ObjectNode body = Json.object();
            body.set("profile", ClusterCommands.readDocument(file));
            body.put("reason", reason);
            if (expectedVersion != null) {
                body.put("expectedVersion", expectedVersion);
            }
            Reply reply = ledger.client().put(Service.COMMAND_API, "/api/v1/products/" + Paths.segment(product),
                    body);
            ledger.output().print(reply.body(), out -> out.println("product " + product + ": version "
                    + Json.text(reply.body(), "/version") + (reply.body().path("changed").asBoolean() ? ""
                    : " (unchanged: the profile equals the current version)")));
            return ExitCodes.OK;
        }
    }
}
