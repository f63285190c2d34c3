package dev.upgradeledger.executor.driver.http;

import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The addresses the driver may call. An entry is a host ({@code node-1.example}, {@code 10.0.0.7}), a host and port
 * ({@code node-1.example:9443}) or an IPv4 block in CIDR notation ({@code 10.0.0.0/24}). Matching is literal: a host
 * entry matches the same host (ignoring case) on any port, a host-and-port entry only that port, and a block only
 * literal IPv4 addresses inside it. Nothing is resolved through DNS. An empty list allows nothing.
 */
final class AddressAllowList {

    private static final Pattern OCTET = Pattern.compile("0|[1-9]\\d{0,2}");

    private final List<Entry> entries;

    private AddressAllowList(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * @throws IllegalArgumentException for an entry that is neither a host, a host and port, nor an IPv4 block
     */
    static AddressAllowList of(List<String> entries) {
        return new AddressAllowList(entries.stream().map(AddressAllowList::entry).toList());
    }

    boolean allows(AgentAddress address) {
        return entries.stream().anyMatch(entry -> entry.matches(address));
    }

    /** Whether the text is a well-formed address and an entry matches it. */
    boolean allows(String address) {
        return AgentAddress.parse(address).map(this::allows).orElse(false);
    }

    private static Entry entry(String text) {
        if (text != null && text.contains("/")) {
            return Ipv4Block.parse(text);
        }
        return AgentAddress.parse(text).map(HostEntry::new)
                .orElseThrow(() -> new IllegalArgumentException("allowed address " + text
                        + " is neither host, host:port nor an IPv4 CIDR block"));
    }

    /** The 32 bits of a literal IPv4 address in dotted-decimal form; empty for anything else (names included). */
    static OptionalLong ipv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return OptionalLong.empty();
        }
        long bits = 0;
        for (String part : parts) {
            if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return OptionalLong.empty();
            }
            bits = bits << 8 | Integer.parseInt(part);
        }
        return OptionalLong.of(bits);
    }

    private interface Entry {

        boolean matches(AgentAddress address);
    }

    private record HostEntry(AgentAddress allowed) implements Entry {

        @Override
        public boolean matches(AgentAddress address) {
            return allowed.host().equals(address.host()) && (!allowed.hasPort() || allowed.port() == address.port());
        }
    }

    private record Ipv4Block(long network, long mask) implements Entry {

        static Ipv4Block parse(String text) {
            String[] parts = text.split("/", -1);
            OptionalLong network = parts.length == 2 ? ipv4(parts[0]) : OptionalLong.empty();
            if (network.isEmpty() || !parts[1].matches("\\d{1,2}") || Integer.parseInt(parts[1]) > 32) {
                throw new IllegalArgumentException("allowed address " + text + " is not an IPv4 CIDR block");
            }
            long mask = (0xFFFF_FFFFL << (32 - Integer.parseInt(parts[1]))) & 0xFFFF_FFFFL;
            return new Ipv4Block(network.getAsLong() & mask, mask);
        }

        @Override
        public boolean matches(AgentAddress address) {
            OptionalLong host = ipv4(address.host());
            return host.isPresent() && (host.getAsLong() & mask) == network;
        }
    }
}
