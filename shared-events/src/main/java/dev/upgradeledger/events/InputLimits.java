package dev.upgradeledger.events;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bounds of what a command may carry, checked when the command is built (so for REST and Kafka alike), before
 * anything is stored. Node addresses and groups reach the executor's drivers (an {@code ssh "{node.address}"}
 * script, an HTTP agent's URL), so they are held to a syntax that no shell, option parser or URL can read as more.
 */
public final class InputLimits {

    /** A reason given for pausing, aborting, rolling back or retiring. */
    public static final int MAX_REASON = 500;
    /** A failure's message (an executor shortens longer ones). */
    public static final int MAX_FAILURE_MESSAGE = 4_000;
    /** A failure's code. */
    public static final int MAX_FAILURE_CODE = 64;
    /** How many facts one step outcome may report, and how long each key and value may be. */
    public static final int MAX_FACTS = 64;
    public static final int MAX_FACT_KEY = 64;
    /** Room for the script driver's {@code output} fact (the last 16 KB of a script's output, by default). */
    public static final int MAX_FACT_VALUE = 16_384;

    /**
     * {@code host} or {@code host:port}: a DNS name or IPv4 address (letters, digits, '.' and '-', starting and ending
     * with a letter or digit) or a bracketed IPv6 address, and a port from 1 to 65535. No leading '-', no white space,
     * no scheme, user, path, query, quotes or shell syntax.
     */
    private static final Pattern ADDRESS = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]{2,45}]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\\d{1,5}))?");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9._-]{0,31}");
    private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern STEP_ID = Pattern.compile("(h[0-9]{1,3}\\.)?s[0-9]{1,6}\\.[0-9]{1,6}");
    private static final Pattern FACT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_FACT_KEY - 1) + "}");

    private InputLimits() {
    }

    /** @throws InvalidValueException unless {@code address} is {@code host} or {@code host:port} */
    public static void requireNodeAddress(String address) {
        Matcher matcher = address == null ? null : ADDRESS.matcher(address);
        boolean valid = matcher != null && matcher.matches();
        if (valid && matcher.group(2) != null) {
            int port = Integer.parseInt(matcher.group(2));
            valid = port >= 1 && port <= 65_535;
        }
        Validation.require(valid, "node address must be host or host:port (a DNS name, an IPv4 address or a"
                + " bracketed IPv6 address; port 1-65535), was " + Validation.quote(address));
    }

    /** @throws InvalidValueException unless {@code group} is null or 1-64 letters, digits, '.', '_' or '-' */
    public static void requireNodeGroup(String group) {
        Validation.require(group == null || GROUP.matcher(group).matches(),
                "node group must be 1-64 letters, digits, '.', '_' or '-' (not starting with one of these), was "
                        + Validation.quote(group));
    }

    /** @throws InvalidValueException unless {@code product} is 1-64 letters, digits, spaces, '.', '_' or '-' */
    public static void requireProduct(String product) {
        Validation.require(product != null && PRODUCT.matcher(product).matches(),
                "product must be 1-64 letters, digits, spaces, '.', '_' or '-', was " + Validation.quote(product));
    }

    /** @throws InvalidValueException unless {@code role} is null or 1-32 lower-case letters, digits, '.', '_' or '-' */
    public static void requireNodeRole(String role) {
        Validation.require(role == null || ROLE.matcher(role).matches(),
                "node role must be 1-32 lower-case letters, digits, '.', '_' or '-' starting with a letter, was "
                        + Validation.quote(role));
    }

    /** Address, group and role of a node a command brings in. */
    public static void requireNode(NodeSpec node) {
        requireNodeAddress(node.address());
        requireNodeRole(node.role());
        requireNodeGroup(node.group());
    }

    /** A plan's step id, {@code s<stage>.<n>}, or {@code h<hop>.s<stage>.<n>} from the second hop of a followed path on. */
    public static void requireStepId(String stepId) {
        Validation.require(stepId != null && STEP_ID.matcher(stepId).matches(),
                "stepId must be a plan's step id such as s0.0 or h2.s0.0, was " + Validation.quote(stepId));
    }

    public static void requireReason(String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw new InvalidValueException("reason must be at most " + MAX_REASON + " characters, was "
                    + reason.length());
        }
    }

    public static void requireFacts(Map<String, String> facts) {
        Validation.require(facts.size() <= MAX_FACTS, "at most " + MAX_FACTS + " facts, were " + facts.size());
        facts.forEach((key, value) -> {
            Validation.require(key != null && FACT_KEY.matcher(key).matches(), "a fact's name must be 1-"
                    + MAX_FACT_KEY + " letters, digits, '.', '_' or '-', was " + Validation.quote(key));
            Validation.require(value != null && value.length() <= MAX_FACT_VALUE,
                    "fact " + key + " must have a value of at most " + MAX_FACT_VALUE + " characters");
        });
    }
}
