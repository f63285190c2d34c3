package dev.upgradeledger.executor.driver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses the http driver may call: hosts, hosts with a port, and IPv4 blocks, all compared literally. */
class AddressAllowListTest {

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
            "10.0.0.0/24, 10.0.0.7, true",
            "10.0.0.0/24, 10.0.0.255:7070, true",
            "10.0.0.0/24, 10.0.1.7, false",
            "10.0.0.5/24, 10.0.0.200, true",
            "10.0.0.7/32, 10.0.0.7, true",
            "10.0.0.7/32, 10.0.0.8, false",
            "0.0.0.0/0, 192.168.1.1:80, true",
            "0.0.0.0/0, node-1.example, false",
            "127.0.0.0/8, localhost, false",
            "10.0.0.0/8, 010.0.0.1, false",
            "10.0.0.0/8, 167772161, false",
            "10.0.0.0/8, 10.0.0.1.example, false",
            "node-1.example, node-1.example, true",
            "node-1.example, NODE-1.Example:7070, true",
            "node-1.example, node-2.example, false",
            "node-1.example, sub.node-1.example, false",
            "node-1.example:7070, node-1.example:7070, true",
            "node-1.example:7070, node-1.example:7071, false",
            "node-1.example:7070, node-1.example, false",
            "10.0.0.7, 10.0.0.7:9000, true",
            "[::1]:7070, [::1]:7070, true",
            "[::1], [0:0:0:0:0:0:0:1], false",
    })
    void matchesTheHostPartLiterally(String entry, String address, boolean allowed) {
        assertThat(AddressAllowList.of(List.of(entry)).allows(address)).isEqualTo(allowed);
    }

    @Test
    void anyEntryOfTheListMayMatch() {
        AddressAllowList list = AddressAllowList.of(List.of("10.0.0.0/24", "node-1.example:7070"));

        assertThat(list.allows("10.0.0.9:7070")).isTrue();
        assertThat(list.allows("node-1.example:7070")).isTrue();
        assertThat(list.allows("node-1.example:8080")).isFalse();
    }

    @Test
    void anEmptyListAllowsNothing() {
        assertThat(AddressAllowList.of(List.of()).allows("127.0.0.1:7070")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.7:7070@evil.example", "http://10.0.0.7", "10.0.0.7/admin", "10.0.0.7:99999",
            "10.0.0.7:0", "10.0.0.7:", "10.0.0.7 ", "", "user@10.0.0.7", "10.0.0.7?x", "10.0.0.7#x", "-node"})
    void aMalformedAddressIsNeverAllowed(String address) {
        assertThat(AddressAllowList.of(List.of("0.0.0.0/0", "10.0.0.7")).allows(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/24", "node.example/24", "10.0.0.0/", "not a host", "http://x",
            "300.0.0.0/8"})
    void refusesAnEntryThatIsNeitherHostHostPortNorIpv4Block(String entry) {
        assertThatThrownBy(() -> AddressAllowList.of(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }
}
