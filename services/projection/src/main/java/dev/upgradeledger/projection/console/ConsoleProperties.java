package dev.upgradeledger.projection.console;

import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param commandApiUrl where the console's pages send commands (pause, resume, abort, roll back): command-api's base
 *                      URL as the browser reaches it, {@code http(s)://host[:port]}; command-api must allow the
 *                      console's origin ({@code ledger.cors.allowed-origins}). Checked at start-up.
 */
@ConfigurationProperties("ledger.projection.console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:8080") String commandApiUrl) {

    public ConsoleProperties {
        commandApiUrl = checked(commandApiUrl == null ? "" : commandApiUrl.strip());
    }

    private static String checked(String url) {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (http && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null) {
                return uri.toString();
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw new IllegalArgumentException("ledger.projection.console.command-api-url must be an http(s) URL"
                + " without query or credentials, was \"" + url + "\"");
    }

    /** The scheme, host and port of {@link #commandApiUrl()}: what the pages may connect to besides their own. */
    String commandApiOrigin() {
        URI uri = URI.create(commandApiUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
