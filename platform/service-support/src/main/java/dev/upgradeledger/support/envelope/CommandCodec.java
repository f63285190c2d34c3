package dev.upgradeledger.support.envelope;

import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.DeclareReleaseCatalog;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
import java.lang.reflect.RecordComponent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON wire format of {@link CommandEnvelope} on {@code ledger.commands} and {@link CommandResult} on
 * {@code ledger.command-results}. Like the event envelope, the mapper is fixed here: the format is a contract.
 */
public class CommandCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A boolean or number left out is false or 0, as over REST; the command's own defaults take it from there.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public String encode(CommandEnvelope envelope) {
        return json.writeValueAsString(new Wire(envelope.commandId(), envelope.commandType(), envelope.actor(),
                envelope.correlationId(), json.valueToTree(envelope.payload())));
    }

    public String encode(CommandResult result) {
        return json.writeValueAsString(result);
    }

    public CommandResult decodeResult(String text) {
        return json.readValue(text, CommandResult.class);
    }

    /**
     * Reads the envelope; a payload that is not a valid command still yields the envelope's id and type, so the
     * sender can be answered.
     *
     * @throws UnprocessableRecordException when the text is not an envelope with a command id
     */
    public Decoded decode(String text) {
        Wire wire;
        try {
            wire = json.readValue(text, Wire.class);
        } catch (JacksonException e) {
            throw new UnprocessableRecordException("not a readable command envelope: " + e.getOriginalMessage(), e);
        }
        if (wire == null || wire.commandId() == null || wire.commandId().isBlank() || wire.commandId().length() > 128) {
            throw new UnprocessableRecordException("command envelope without a usable commandId", null);
        }
        Class<? extends ClusterCommand> type = LedgerCommands.forTypeName(wire.commandType()).orElse(null);
        if (type == null) {
            return Decoded.invalid(wire, "unknown commandType " + wire.commandType());
        }
        if (wire.payload() == null) {
            return Decoded.invalid(wire, "the command has no payload");
        }
        try {
            ClusterCommand command = json.treeToValue(withDefaults(type, wire.payload()), type);
            return new Decoded(new CommandEnvelope(wire.commandId(), wire.commandType(), wire.actor(),
                    wire.correlationId(), command), wire.commandType(), null);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            return Decoded.invalid(wire, cause instanceof InvalidValueException invalid ? invalid.getMessage()
                    : "the payload is not a valid " + wire.commandType() + ": " + field(e) + "has a value of the"
                    + " wrong kind or form");
        }
    }

    /**
     * A payload has the shape of the REST body: what the REST edge fills in, this fills in too. A number left out would
     * bind as 0, which for some fields is a value to refuse, not "left out": those get the command's own default. A
     * release catalog carries its rules inside it ({@code "catalog":{"lines":[...],"rules":{...}}}, and
     * {@code DeclareReleaseCatalog} takes {@code "lines"} and {@code "rules"} at its top, as {@code PUT .../catalog}
     * does); rules left out are on.
     */
    private static JsonNode withDefaults(Class<? extends ClusterCommand> type, JsonNode payload) {
        if (!(payload instanceof ObjectNode object)) {
            return payload;
        }
        ObjectNode copy = object.deepCopy();
        if (type == RequestUpgrade.class && !copy.has("maxAttempts")) {
            copy.put("maxAttempts", RequestUpgrade.DEFAULT_MAX_ATTEMPTS);
        }
        if (type == DeclareReleaseCatalog.class && !copy.has("catalog") && copy.has("lines")) {
            copy.putObject("catalog").set("lines", copy.remove("lines"));
        }
        if ((type == RegisterCluster.class || type == DeclareReleaseCatalog.class) && copy.get("catalog")
                instanceof ObjectNode catalog) {
            JsonNode inCatalog = catalog.remove("rules");
            JsonNode given = copy.get("rules") instanceof ObjectNode rules ? rules : inCatalog;
            ObjectNode rules = given instanceof ObjectNode givenRules ? givenRules.deepCopy() : copy.objectNode();
            for (RecordComponent rule : PolicyRules.class.getRecordComponents()) {
                if (!rules.hasNonNull(rule.getName())) {
                    rules.put(rule.getName(), true);
                }
            }
            copy.set("rules", rules);
        }
        return copy;
    }

    /** {@code field a.b[2].c } naming where the payload went wrong, or nothing when Jackson could not tell. */
    private static String field(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "a field " : "field " + path + " ";
    }

    /**
     * @param envelope the command, or null when it is invalid
     * @param problem  why the command is invalid, or null
     */
    public record Decoded(CommandEnvelope envelope, String commandType, Invalid problem) {

        static Decoded invalid(Wire wire, String detail) {
            return new Decoded(null, wire.commandType(), new Invalid(wire.commandId(), detail));
        }
    }

    public record Invalid(String commandId, String detail) {
    }

    private record Wire(String commandId, String commandType, String actor, String correlationId, JsonNode payload) {
    }
}
