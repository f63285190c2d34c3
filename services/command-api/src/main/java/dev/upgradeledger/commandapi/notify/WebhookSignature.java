package dev.upgradeledger.commandapi.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery, as the Standard Webhooks specification writes it: {@code webhook-signature:
 * v1,<base64 of HMAC-SHA256(secret, id + "." + timestamp + "." + body)>}, beside {@code webhook-id} and
 * {@code webhook-timestamp} (Unix seconds). A secret written {@code whsec_<base64>} is the key those bytes encode, as
 * the specification's libraries read it; any other secret is its UTF-8 bytes. A receiver recomputes it with the shared secret and rejects a delivery
 * whose signature differs or whose timestamp is too old.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                    : secret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
