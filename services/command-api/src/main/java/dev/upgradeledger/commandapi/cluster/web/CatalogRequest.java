package dev.upgradeledger.commandapi.cluster.web;

import dev.upgradeledger.events.InvalidValueException;
import dev.upgradeledger.events.PolicyRules;
import dev.upgradeledger.events.ReleaseCatalog;
import dev.upgradeledger.events.ReleaseLine;
import dev.upgradeledger.events.Version;
import java.util.List;

/**
 * A release catalog with its rules, as JSON: {@code {"lines":[{"name":"7.5","versions":["7.5.0"]}],
 * "rules":{"noLineSkipping":true,...}}}. Rules left out are on.
 */
record CatalogRequest(List<Line> lines, Rules rules) {

    record Line(String name, List<String> versions) {
    }

    record Rules(Boolean noLineSkipping, Boolean latestInLineFirst, Boolean consecutiveWithinLine,
                 Boolean noDowngrade, Boolean noRollingAcrossLines) {
    }

    ReleaseCatalog catalog() {
        if (lines == null) {
            throw new InvalidValueException("a release catalog needs lines");
        }
        return new ReleaseCatalog(lines.stream().map(line -> {
            if (line == null || line.versions() == null) {
                throw new InvalidValueException("every release line needs a name and versions");
            }
            return new ReleaseLine(line.name(), line.versions().stream().map(Version::of).toList());
        }).toList());
    }

    PolicyRules policyRules() {
        Rules given = rules == null ? new Rules(null, null, null, null, null) : rules;
        return new PolicyRules(on(given.noLineSkipping()), on(given.latestInLineFirst()),
                on(given.consecutiveWithinLine()), on(given.noDowngrade()), on(given.noRollingAcrossLines()));
    }

    private static boolean on(Boolean rule) {
        return rule == null || rule;
    }
}
