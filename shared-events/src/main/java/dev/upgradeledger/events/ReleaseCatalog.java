package dev.upgradeledger.events;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A product's releases: its release lines in release order, oldest first, each with its versions in order. Versions
 * are ordered by this catalog, never by parsing their text: {@code 23.09.10} comes after {@code 23.09.9} because the
 * catalog says so.
 */
public record ReleaseCatalog(List<ReleaseLine> lines) {

    public ReleaseCatalog {
        Validation.require(lines != null && !lines.isEmpty() && lines.stream().allMatch(l -> l != null),
                "a release catalog needs at least one release line");
        Set<String> names = new HashSet<>();
        Set<Version> versions = new HashSet<>();
        for (ReleaseLine line : lines) {
            Validation.require(names.add(line.name()), "release line " + line.name() + " appears twice");
            for (Version version : line.versions()) {
                Validation.require(versions.add(version), "version " + version + " appears in two release lines");
            }
        }
        lines = List.copyOf(lines);
    }

    /** Where a version stands: its line's index and its index within the line; empty if the catalog lacks it. */
    public Optional<Position> positionOf(Version version) {
        for (int line = 0; line < lines.size(); line++) {
            int index = lines.get(line).versions().indexOf(version);
            if (index >= 0) {
                return Optional.of(new Position(line, index));
            }
        }
        return Optional.empty();
    }

    public boolean contains(Version version) {
        return positionOf(version).isPresent();
    }

    /** @param line index of the release line; @param index index of the version within it */
    public record Position(int line, int index) implements Comparable<Position> {

        @Override
        public int compareTo(Position other) {
            return line != other.line ? Integer.compare(line, other.line) : Integer.compare(index, other.index);
        }
    }
}
