package dev.upgradeledger.executor.driver.http;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a node agent listens: a host (a name, a literal IPv4 address or a bracketed IPv6 address) and an optional
 * port. Nothing else is accepted (no scheme, user info, path or query), so the host checked by the allow-list is the
 * host called.
 *
 * @param host the host, lower case
 * @param port the port, or -1 for the scheme's default
 */
record AgentAddress(String host, int port) {

    private static final Pattern SYNTAX = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\\d{1,5}))?");

    /** Reads {@code host} or {@code host:port}; empty when the text is anything else. */
    static Optional<AgentAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int port = matcher.group(2) == null ? -1 : Integer.parseInt(matcher.group(2));
        if (port == 0 || port > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new AgentAddress(matcher.group(1).toLowerCase(Locale.ROOT), port));
    }

    boolean hasPort() {
        return port != -1;
    }

    /** {@code host} or {@code host:port}, as in a URI. */
    String authority() {
        return hasPort() ? host + ":" + port : host;
    }

    @Override
    public String toString() {
        return authority();
    }
}
