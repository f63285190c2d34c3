package dev.upgradeledger.support.envelope;

import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.CommandResult;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.support.kafka.UnprocessableRecordException;
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
        if (wire.commandId() == null || wire.commandId().isBlank() || wire.commandId().length() > 128) {
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
     * A number left out of a payload would bind as 0, which for some fields is a value to refuse, not "left out":
     * those get the command's own default here, as a REST body does.
     */
    private static JsonNode withDefaults(Class<? extends ClusterCommand> type, JsonNode payload) {
        if (type == RequestUpgrade.class && payload instanceof ObjectNode object && !object.has("maxAttempts")) {
            ObjectNode copy = object.deepCopy();
            copy.put("maxAttempts", RequestUpgrade.DEFAULT_MAX_ATTEMPTS);
            return copy;
        }
        return payload;
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
