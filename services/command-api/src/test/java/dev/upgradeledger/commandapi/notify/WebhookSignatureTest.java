package dev.upgradeledger.commandapi.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void signsAsTheStandardWebhooksSpecificationsExample() {
        // the example of the Standard Webhooks specification (secret, id, timestamp, payload and signature)
        assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anotherBodyIdOrTimestampGivesAnotherSignature() {
        String secret = "a-shared-secret-of-at-least-32-characters";
        String signature = WebhookSignature.sign(secret, "id-1", 1000, "{}");
        assertThat(WebhookSignature.sign(secret, "id-1", 1000, "{}")).isEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "id-2", 1000, "{}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "id-1", 1001, "{}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "id-1", 1000, "{ }")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret + "x", "id-1", 1000, "{}")).isNotEqualTo(signature);
    }

    @Test
    void backOffDoublesUpToItsMaximum() {
        NotificationProperties properties = new NotificationProperties(List.of(), 5, Duration.ofSeconds(1),
                Duration.ofSeconds(10), null, null);
        WebhookDispatcher dispatcher = new WebhookDispatcher(properties, null, null);
        assertThat(List.of(1, 2, 3, 4, 5, 30).stream().map(dispatcher::backoff)).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void aWebhookNeedsANameAnHttpUrlALongSecretAndKnownEventTypes() {
        String secret = "a-shared-secret-of-at-least-32-characters";
        assertThat(properties(new NotificationProperties.Webhook("ops", URI.create("https://hooks.example/x"), secret,
                null, List.of("UpgradeCompleted"), Map.of("region", "eu"))).webhooks()).hasSize(1);
        assertThatThrownBy(() -> properties(new NotificationProperties.Webhook("ops", URI.create("file:///etc/passwd"),
                secret, null, null, null))).hasMessageContaining("http or https");
        assertThatThrownBy(() -> properties(new NotificationProperties.Webhook("ops", URI.create("https://h/x"),
                "short", null, null, null))).hasMessageContaining("32 characters");
        assertThatThrownBy(() -> properties(new NotificationProperties.Webhook("Ops!", URI.create("https://h/x"),
                secret, null, null, null))).hasMessageContaining("unique name");
        assertThatThrownBy(() -> properties(new NotificationProperties.Webhook("ops", URI.create("https://h/x"),
                secret, null, List.of("NodeAdded"), null))).hasMessageContaining("not a notified event type");
        assertThatThrownBy(() -> properties(new NotificationProperties.Webhook("ops", URI.create("https://h/x"),
                secret, null, null, Map.of("region", "eu; rm -rf /")))).hasMessageContaining("webhook ops: labels");
    }

    private static NotificationProperties properties(NotificationProperties.Webhook webhook) {
        return new NotificationProperties(List.of(webhook), null, null, null, null, null);
    }
}
