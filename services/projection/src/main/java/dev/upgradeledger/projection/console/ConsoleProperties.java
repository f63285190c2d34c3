package dev.upgradeledger.projection.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param commandApiUrl where the console's pages send commands (pause, resume, approve, ...): command-api's base
 *                      URL as the browser reaches it, {@code http(s)://host[:port]}; command-api must allow the
 *                      console's origin ({@code ledger.cors.allowed-origins}). Checked at start-up.
 * @param signIn        the issuer's sign-in for people (authorization code with PKCE); off when its URIs are empty
 */
@ConfigurationProperties("ledger.projection.console")
public record ConsoleProperties(@DefaultValue("http://127.0.0.1:8080") String commandApiUrl,
                                @DefaultValue SignIn signIn) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._:-]{1,100}( [A-Za-z0-9._:-]{1,100}){0,9}");

    @ConstructorBinding
    public ConsoleProperties {
        commandApiUrl = checked("command-api-url", commandApiUrl);
        signIn = signIn == null ? SignIn.OFF : signIn;
    }

    /** Without the issuer's sign-in (a token is pasted). */
    public ConsoleProperties(String commandApiUrl) {
        this(commandApiUrl, SignIn.OFF);
    }

    /**
     * Where the console sends people to sign in: the OAuth2 authorization code grant with PKCE, as a public client (no
     * secret). Both URIs empty: no sign-in button, tokens are pasted.
     *
     * @param authorizationUri the issuer's authorization endpoint, e.g. {@code https://issuer/oauth2/authorize}
     * @param tokenUri         its token endpoint (the pages fetch it: the issuer must allow the console's origin)
     * @param clientId         the console's client id at the issuer (registered with the console's
     *                         {@code /console/signed-in.html} as redirect URI)
     * @param scope            the scopes asked for, separated by spaces
     */
    public record SignIn(@DefaultValue("") String authorizationUri, @DefaultValue("") String tokenUri,
                         @DefaultValue("ledger-console") String clientId, @DefaultValue("openid") String scope) {

        static final SignIn OFF = new SignIn("", "", "ledger-console", "openid");

        public SignIn {
            authorizationUri = authorizationUri == null ? "" : authorizationUri.strip();
            tokenUri = tokenUri == null ? "" : tokenUri.strip();
            if (!authorizationUri.isEmpty() || !tokenUri.isEmpty()) {
                authorizationUri = checked("sign-in.authorization-uri", authorizationUri);
                tokenUri = checked("sign-in.token-uri", tokenUri);
            }
            if (clientId == null || !TOKEN.matcher(clientId).matches()) {
                throw new IllegalArgumentException("ledger.projection.console.sign-in.client-id must be 1-100 of"
                        + " A-Z a-z 0-9 . _ : -, was \"" + clientId + "\"");
            }
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw new IllegalArgumentException("ledger.projection.console.sign-in.scope must be scopes separated"
                        + " by single spaces, was \"" + scope + "\"");
            }
        }

        public boolean enabled() {
            return !authorizationUri.isEmpty();
        }
    }

    private static String checked(String name, String value) {
        String url = value == null ? "" : value.strip();
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
        throw new IllegalArgumentException("ledger.projection.console." + name + " must be an http(s) URL"
                + " without query or credentials, was \"" + url + "\"");
    }

    /** The scheme, host and port of {@link #commandApiUrl()}: what the pages may connect to besides their own. */
    String commandApiOrigin() {
        return origin(commandApiUrl);
    }

    /** What the pages may connect to besides their own origin: command-api, and the issuer's token endpoint. */
    String connectSources() {
        return signIn.enabled() && !origin(signIn.tokenUri()).equals(commandApiOrigin())
                ? commandApiOrigin() + " " + origin(signIn.tokenUri()) : commandApiOrigin();
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
