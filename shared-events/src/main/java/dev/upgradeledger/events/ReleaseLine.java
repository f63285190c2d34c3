package dev.upgradeledger.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One release line of a product (a major such as {@code 23.09}, {@code 7.6} or {@code 2024}) and its versions in
 * release order, oldest first.
 */
public record ReleaseLine(String name, List<Version> versions) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}");

    public ReleaseLine {
        Validation.require(name != null && NAME.matcher(name).matches(),
                "release line name must be 1-64 letters, digits, '.', '+', '_' or '-', was " + Validation.quote(name));
        Validation.require(versions != null && !versions.isEmpty() && versions.stream().allMatch(v -> v != null),
                "release line " + name + " needs at least one version");
        Validation.require(versions.stream().distinct().count() == versions.size(),
                "release line " + name + " lists a version twice");
        versions = List.copyOf(versions);
    }
}
