package dev.upgradeledger.executor.driver.script;

import dev.upgradeledger.events.DiscoveryGroupName;
import dev.upgradeledger.events.StepAction;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.NodeId;
import dev.upgradeledger.events.Version;
import dev.upgradeledger.executor.driver.ActionContext;
import dev.upgradeledger.executor.driver.ActionContext.NodeTarget;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values the placeholders of one action's command stand for. A placeholder is {@code {name}} with a name of
 * letters, digits, {@code _ . -}; other braces (and {@code ${...}}, left to a shell) are kept as they are.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([A-Za-z][A-Za-z0-9_.-]*)}");
    private static final String PARAMETER_PREFIX = "param.";
    private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("[A-Za-z0-9:/._+=@-]+");

    private final ActionContext context;
    private final Path workdir;

    Placeholders(ActionContext context, Path workdir) {
        this.context = context;
        this.workdir = workdir;
    }

    /** The template with every placeholder replaced by its value, passed through {@code quoting}, and not re-read. */
    String substitute(String template, UnaryOperator<String> quoting) throws Unresolvable {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(quoting.apply(valueOf(matcher.group(1)))));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String valueOf(String name) throws Unresolvable {
        String value = lookUp(name);
        if (value == null) {
            throw new Unresolvable(missingMessage(name));
        }
        if (!printable(value)) {
            throw new Unresolvable("the value of {" + name + "} has a control or non-printable character");
        }
        return value;
    }

    private String lookUp(String name) throws Unresolvable {
        if (name.startsWith(PARAMETER_PREFIX)) {
            return context.parameters().get(name.substring(PARAMETER_PREFIX.length()));
        }
        return switch (name) {
            case "cluster" -> context.clusterId();
            case "upgrade" -> context.upgradeId();
            case "step" -> context.stepId();
            case "attempt" -> String.valueOf(context.attempt());
            case "idempotencyKey" -> context.idempotencyKey();
            case "node" -> ofNode(NodeTarget::id);
            case "node.address" -> ofNode(NodeTarget::address);
            case "node.group" -> ofNode(NodeTarget::group);
            case "node.version" -> ofNode(NodeTarget::version);
            // environment(s): checked as node group names before the command is rendered (EnvironmentParameters)
            case "version", "from", "to", "schemaVersion", "environment", "environments" ->
                    context.parameters().get(name);
            case "group" -> group(context.action(), context.parameters().get(name));
            case "previousVersion" -> version(name, context.parameters().get(name));
            case "against", "bootstrap", "onNode" -> nodeId(name, context.parameters().get(name));
            // a RESTORE's import: the export it restores, as recorded by the ledger
            case "dumpRef", "checksum", "exportedBy" -> reference(name, context.parameters().get(name));
            case "workdir" -> workdir.toString();
            default -> throw new Unresolvable("unknown placeholder {" + name + "} in the command of "
                    + context.action());
        };
    }

    /**
     * A parameter that names a node (IPFS Cluster: CHECK_STATE {@code against}, REJOIN_PEER {@code bootstrap}, the
     * state upgrade's {@code onNode}), checked as a node id.
     */
    private static String nodeId(String name, String value) throws Unresolvable {
        if (value == null) {
            return null;
        }
        try {
            return NodeId.of(value).value();
        } catch (InvalidValueException e) {
            throw new Unresolvable("the value of {" + name + "} is no node id: " + e.getMessage());
        }
    }

    /**
     * A live move's discovery group reaches a command line (e.g. {@code replicante-discovery remove {group}}): it must
     * be a group name or {@code *}; other actions' groups keep the node-group rule they were registered with.
     */
    private static String group(StepAction action, String value) throws Unresolvable {
        boolean liveMove = action == StepAction.REMOVE_DISCOVERY_GROUP || action == StepAction.ADD_DISCOVERY_GROUP
                || action == StepAction.ROLLING_RESTART;
        if (value == null || !liveMove || DiscoveryGroupName.ALL.equals(value) || DiscoveryGroupName.valid(value)) {
            return value;
        }
        throw new Unresolvable("the value of {group} is no discovery group name (1-64 letters, digits or ._:-)");
    }

    /**
     * A reference to a recorded export ({@code state import {dumpRef}}): an upgrade id, a checksum or a dump's location,
     * letters, digits and {@code :/._+=@-} only (at most 512), never an option or a shell word.
     */
    private static String reference(String name, String value) throws Unresolvable {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (value.length() > 512 || value.startsWith("-") || !REFERENCE.matcher(value).matches()) {
            throw new Unresolvable("the value of {" + name + "} is no export reference (letters, digits and"
                    + " :/._+=@- only, not starting with -)");
        }
        return value;
    }

    /** A parameter that must be a version ({@code apply-mission-revisions <previousVersion>}), checked as one. */
    private static String version(String name, String value) throws Unresolvable {
        if (value == null) {
            return null;
        }
        try {
            return Version.of(value).value();
        } catch (InvalidValueException e) {
            throw new Unresolvable("the value of {" + name + "} is no version: " + e.getMessage());
        }
    }

    private String ofNode(Function<NodeTarget, String> field) {
        return context.node() == null ? null : field.apply(context.node());
    }

    private String missingMessage(String name) {
        if (name.startsWith("node") && context.node() == null) {
            return "{" + name + "} has no value: " + context.action() + " of step " + context.stepId()
                    + " acts on no node";
        }
        return "{" + name + "} has no value in step " + context.stepId() + " (" + context.action() + ")";
    }

    private static boolean printable(String value) {
        return value.codePoints().noneMatch(Placeholders::unprintable);
    }

    private static boolean unprintable(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    /** A placeholder that is unknown, has no value in this action, or a value that may not reach a command. */
    static final class Unresolvable extends Exception {

        Unresolvable(String message) {
            super(message);
        }
    }
}
