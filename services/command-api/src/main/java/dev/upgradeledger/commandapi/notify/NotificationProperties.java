package dev.upgradeledger.commandapi.notify;

import dev.upgradeledger.events.ClusterLabels;
import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.LedgerEvents;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledger.notifications.*}: the webhooks and how deliveries are retried. Checked when the service starts: a
 * webhook needs a unique name, an http(s) URL and a secret of at least 32 characters; {@code events} names event
 * types of {@link #NOTIFIED_TYPES} (an unknown name stops the service, naming the known ones); {@code labels} follow
 * the clusters' label rule ({@link ClusterLabels}).
 *
 * @param webhooks       where to send; none by default
 * @param maxAttempts    attempts per notification before it is given up (kept, with its last error)
 * @param initialBackoff the wait after the first failed attempt; doubled after each one, up to {@code maxBackoff}
 * @param pollInterval   how often the outbox is looked at for due notifications
 * @param timeout        how long one delivery may take
 */
@ConfigurationProperties("ledger.notifications")
public record NotificationProperties(List<Webhook> webhooks, Integer maxAttempts, Duration initialBackoff,
                                     Duration maxBackoff, Duration pollInterval, Duration timeout) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The names of the event types notified: an upgrade's state changes, then a fleet's and its waves'. */
    public static final List<String> NOTIFIED_TYPES = Stream.concat(
            UpgradeNotifier.NOTIFIED.stream().map(LedgerEvents::typeName),
            FleetNotifier.NOTIFIED.stream().map(Class::getSimpleName)).toList();

    /**
     * One receiver.
     *
     * @param products the products it hears about (a cluster's; a fleet's or any of its planned clusters'); empty
     *                 for every product
     * @param events   the event types it gets; empty for every notified type (upgrades' and fleets')
     * @param labels   labels a concerned cluster must all carry (the cluster's; for a fleet, any of its planned
     *                 clusters'), as the cluster carries them when the notifier reads the event; empty for every cluster
     */
    public record Webhook(String name, URI url, String secret, List<String> products, List<String> events,
                          Map<String, String> labels) {

        public Webhook {
            products = products == null ? List.of() : List.copyOf(products);
            events = events == null ? List.of() : List.copyOf(events);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        /** Its criteria, applied in one place. */
        public WebhookMatcher matcher() {
            return new WebhookMatcher(events, products, labels);
        }
    }

    public NotificationProperties {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        maxAttempts = maxAttempts == null ? 20 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        require(maxAttempts >= 1 && maxAttempts <= 1000, "max-attempts must be 1 to 1000");
        require(positive(initialBackoff) && maxBackoff.compareTo(initialBackoff) >= 0,
                "initial-backoff must be positive and max-backoff at least as long");
        require(positive(pollInterval) && positive(timeout), "poll-interval and timeout must be positive");
        Set<String> names = new HashSet<>();
        for (Webhook webhook : webhooks) {
            require(webhook.name() != null && NAME.matcher(webhook.name()).matches() && names.add(webhook.name()),
                    "each webhook needs a unique name of 1-63 lower-case letters, digits or hyphens");
            require(webhook.url() != null && webhook.url().getHost() != null
                            && ("http".equals(webhook.url().getScheme()) || "https".equals(webhook.url().getScheme())),
                    "webhook " + webhook.name() + " needs an http or https url");
            require(webhook.secret() != null && webhook.secret().length() >= 32,
                    "webhook " + webhook.name() + " needs a secret of at least 32 characters");
            try {
                ClusterLabels.of(webhook.labels());
            } catch (InvalidValueException e) {
                require(false, "webhook " + webhook.name() + ": labels " + e.getMessage());
            }
            for (String type : webhook.events()) {
                require(NOTIFIED_TYPES.contains(type), "webhook " + webhook.name() + ": " + type
                        + " is not a notified event type (one of " + String.join(", ", NOTIFIED_TYPES) + ")");
            }
        }
    }

    /** Whether any webhook filters by product (a notification's products are looked up only then). */
    public boolean filtersByProduct() {
        return webhooks.stream().anyMatch(webhook -> webhook.matcher().filtersByProduct());
    }

    /** Whether any webhook filters by label (the concerned clusters' labels are looked up only then). */
    public boolean filtersByLabel() {
        return webhooks.stream().anyMatch(webhook -> webhook.matcher().filtersByLabel());
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("ledger.notifications: " + message);
        }
    }
}
