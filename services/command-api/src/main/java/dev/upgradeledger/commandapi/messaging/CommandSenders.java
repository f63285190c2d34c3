package dev.upgradeledger.commandapi.messaging;

import dev.upgradeledger.commandapi.audit.RequestAudit;
import dev.upgradeledger.events.ClusterCommand;
import dev.upgradeledger.events.CommandEnvelope;
import dev.upgradeledger.events.LedgerCommand;
import dev.upgradeledger.events.LedgerCommands;
import dev.upgradeledger.events.ProductCommand;
import dev.upgradeledger.events.FleetCommand;
import dev.upgradeledger.commandapi.fleet.FleetUpgrades;
import org.springframework.security.core.Authentication;
import dev.upgradeledger.events.LedgerTopics;
import dev.upgradeledger.events.RegisterCluster;
import dev.upgradeledger.events.ReportStepOutcome;
import dev.upgradeledger.events.RequestUpgrade;
import dev.upgradeledger.support.security.LedgerAccess;
import dev.upgradeledger.support.security.Role;
import dev.upgradeledger.support.security.SecurityRefusals;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * Who sent a command over Kafka, since Kafka does not tell a consumer who produced a record.
 *
 * <p>On {@value LedgerTopics#COMMANDS} the record carries its sender's OAuth2 access token in the header
 * {@value LedgerTopics#AUTHORIZATION_HEADER} ({@code Bearer <jwt>}). It is checked with the same {@link JwtDecoder}
 * (issuer, signature, expiry, audience) and turned into grants by the same converter as a REST request's, and the same
 * rules decide: {@code operator} on the command's cluster (for {@code RegisterCluster} on the cluster or the product
 * it names; for a migration on the target cluster too; for a product's command, on the product or on everything; for a fleet
 * upgrade's, as its REST call: see {@link FleetUpgrades#denied}). The actor is the token's subject, never the envelope's
 * {@code actor}. A step outcome is never taken from this topic.
 *
 * <p>On {@value LedgerTopics#STEP_OUTCOMES}, which only the executor's Kafka principal may write (an ACL on the
 * broker), only {@code ReportStepOutcome} is taken, and its actor is {@value #EXECUTOR_ACTOR}.
 *
 * <p>A refusal is answered, audited ({@link SecurityRefusals}) and stores nothing.
 */
@Component
class CommandSenders {

    /** The actor of every step outcome from {@value LedgerTopics#STEP_OUTCOMES}: the executor's principal. */
    static final String EXECUTOR_ACTOR = "executor";

    private static final String BEARER = "bearer ";

    private final ObjectProvider<JwtDecoder> decoders;
    private final JwtAuthenticationConverter converter;
    private final LedgerAccess access;
    private final SecurityRefusals refusals;

    private final FleetUpgrades fleets;

    CommandSenders(ObjectProvider<JwtDecoder> decoders, ObjectProvider<JwtAuthenticationConverter> converters,
                   LedgerAccess access, SecurityRefusals refusals, FleetUpgrades fleets) {
        this.fleets = fleets;
        this.decoders = decoders;
        this.converter = converters.getIfAvailable(JwtAuthenticationConverter::new);
        this.access = access;
        this.refusals = refusals;
    }

    /** Either the audit of an allowed command (who sent it) or why it is refused. */
    record Sender(RequestAudit audit, String refusal, String detail, Authentication authentication) {

        static Sender allowed(RequestAudit audit) {
            return new Sender(audit, null, null, null);
        }

        static Sender allowed(RequestAudit audit, Authentication authentication) {
            return new Sender(audit, null, null, authentication);
        }

        static Sender refused(String refusal, String detail) {
            return new Sender(null, refusal, detail, null);
        }

        boolean isRefused() {
            return refusal != null;
        }
    }

    /**
     * @throws JwtDecoderInitializationException when the issuer cannot be reached to learn its keys: the record is
     *                                           retried rather than refused
     */
    Sender of(ConsumerRecord<String, String> record, CommandEnvelope envelope) {
        String correlationId = envelope.correlationId() != null ? envelope.correlationId() : envelope.commandId();
        LedgerCommand command = envelope.payload();
        if (LedgerTopics.STEP_OUTCOMES.equals(record.topic())) {
            if (command instanceof ReportStepOutcome) {
                return Sender.allowed(RequestAudit.from(EXECUTOR_ACTOR, correlationId));
            }
            return refuse(SecurityRefusals.FORBIDDEN, EXECUTOR_ACTOR, record, envelope.commandType(),
                    "only ReportStepOutcome is taken from " + LedgerTopics.STEP_OUTCOMES + "; send " + envelope.commandType() + " to "
                    + LedgerTopics.COMMANDS + " with a bearer token");
        }
        if (command instanceof ReportStepOutcome) {
            return refuse(SecurityRefusals.FORBIDDEN, null, record, envelope.commandType(),
                    "step outcomes are taken only from " + LedgerTopics.STEP_OUTCOMES + ", which only the executor may write");
        }
        Object authenticated = authenticate(record, envelope.commandType());
        if (authenticated instanceof Sender refused) {
            return refused;
        }
        AbstractAuthenticationToken authentication = (AbstractAuthenticationToken) authenticated;
        String denied = denied(authentication, command);
        if (denied != null) {
            return refuse(SecurityRefusals.FORBIDDEN, authentication.getName(), record, envelope.commandType(),
                    denied);
        }
        return Sender.allowed(RequestAudit.of(authentication, correlationId), authentication);
    }

    /**
     * For a record that is not a valid command (unknown type, a payload of the wrong shape): whether its sender is
     * authenticated, and so may be told what is wrong with it. The audit of an allowed sender is null.
     */
    Sender ofInvalid(ConsumerRecord<String, String> record, String commandType) {
        if (LedgerTopics.STEP_OUTCOMES.equals(record.topic())) {
            return Sender.allowed(null);
        }
        Object authenticated = authenticate(record, commandType);
        return authenticated instanceof Sender refused ? refused : Sender.allowed(null);
    }

    /** The sender's authentication from the record's bearer token, or the refusal ({@link Sender}). */
    private Object authenticate(ConsumerRecord<String, String> record, String commandType) {
        String token = bearerToken(record);
        if (token == null) {
            return refuse(SecurityRefusals.UNAUTHENTICATED, null, record, commandType, "a command on "
                    + LedgerTopics.COMMANDS + " needs the sender's access token in the record header "
                    + LedgerTopics.AUTHORIZATION_HEADER + " (Bearer <token>)");
        }
        try {
            Jwt jwt = decoders.getObject().decode(token);
            AbstractAuthenticationToken authentication = converter.convert(jwt);
            if (authentication == null) {
                return refuse(SecurityRefusals.UNAUTHENTICATED, null, record, commandType,
                        "the token names no principal");
            }
            return authentication;
        } catch (JwtDecoderInitializationException unreachable) {
            throw unreachable;
        } catch (JwtException invalid) {
            return refuse(SecurityRefusals.UNAUTHENTICATED, null, record, commandType,
                    "A valid bearer token from the configured issuer is required: " + invalid.getMessage());
        }
    }

    /** Null when the grants allow the command; else what is missing. */
    private String denied(AbstractAuthenticationToken authentication, LedgerCommand given) {
        if (given instanceof FleetCommand fleet) {
            return fleets.denied(fleet, authentication);
        }
        if (given instanceof ProductCommand product) {
            return access.allowsProduct(authentication, Role.OPERATOR, product.product()) ? null
                    : "The token's grants do not allow " + LedgerCommands.typeName(product.getClass()) + " of product "
                    + product.product() + " (needs operator on the product, or on *)";
        }
        ClusterCommand command = (ClusterCommand) given;
        String clusterId = command.clusterId().value();
        if (command instanceof RegisterCluster register) {
            return access.allows(authentication, Role.OPERATOR, clusterId, register.product()) ? null
                    : "The token's grants do not allow registering cluster " + clusterId + " (needs operator on"
                    + " the cluster or product " + register.product() + ")";
        }
        if (!access.allows(authentication, Role.OPERATOR, clusterId, null)) {
            return "The token's grants do not allow " + LedgerCommands.typeName(command.getClass()) + " on cluster "
                    + clusterId + " (needs operator on it)";
        }
        if (command instanceof RequestUpgrade upgrade && upgrade.targetClusterId() != null
                && !access.allows(authentication, Role.OPERATOR, upgrade.targetClusterId().value(), null)) {
            return "The token's grants do not allow a migration to cluster " + upgrade.targetClusterId().value()
                    + " (needs operator on it)";
        }
        return null;
    }

    private Sender refuse(String reason, String principal, ConsumerRecord<String, String> record,
                          String commandType, String detail) {
        refusals.refusedCommand(reason, principal, record.topic(), commandType, detail);
        return Sender.refused(reason, detail);
    }

    private static String bearerToken(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(LedgerTopics.AUTHORIZATION_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8).trim();
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }
}
