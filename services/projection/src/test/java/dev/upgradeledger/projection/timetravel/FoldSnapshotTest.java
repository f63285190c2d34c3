package dev.upgradeledger.projection.timetravel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.EventEnvelope;
import dev.upgradeledger.projection.RecordedUpgrades;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldSnapshotTest {

    private static final Instant START = Instant.parse("2026-11-21T10:40:00.123456789Z");

    private final List<EventEnvelope> history = RecordedUpgrades.verificationFailure("c1", START, true).events();

    @Test
    void aFoldResumedFromAStoredSnapshotAnswersWhatTheFoldFromTheRegistrationDoesAtEverySequenceAfterIt() {
        for (int at = 0; at < history.size(); at++) {
            ClusterStateFold whole = ClusterStateFold.initial();
            history.subList(0, at + 1).forEach(whole::apply);
            String stored = FoldSnapshots.write(whole.snapshot());
            ClusterStateFold resumed = ClusterStateFold.resume(FoldSnapshots.read(stored));

            assertThat(resumed.state()).as("at the snapshot's own sequence %s", at).isEqualTo(whole.state());
            assertThat(resumed.lastSequence()).isEqualTo(at);
            for (EventEnvelope next : history.subList(at + 1, history.size())) {
                whole.apply(next);
                resumed.apply(next);
                assertThat(resumed.state()).as("resumed at %s, after %s", at, next.sequence())
                        .isEqualTo(whole.state());
            }
            assertThat(resumed.applied()).isEqualTo(history.size() - 1 - at);
        }
    }

    @Test
    void aSnapshotIsACopyThatFoldingOnDoesNotChange() {
        ClusterStateFold fold = ClusterStateFold.initial();
        history.subList(0, 10).forEach(fold::apply);
        String before = FoldSnapshots.write(fold.snapshot());
        ClusterStateFold.Snapshot snapshot = fold.snapshot();
        history.subList(10, history.size()).forEach(fold::apply);

        assertThat(FoldSnapshots.write(snapshot)).isEqualTo(before);
        assertThat(FoldSnapshots.write(FoldSnapshots.read(before))).as("stored text is stable").isEqualTo(before);
    }

    @Test
    void aSnapshotKeepsEveryFieldOfTheRows() throws Exception {
        ClusterStateFold fold = ClusterStateFold.initial();
        history.subList(0, 1).forEach(fold::apply);
        ClusterStateFold.Snapshot snapshot = fold.snapshot();
        fillEveryField(snapshot.cluster());
        fillEveryField(snapshot.nodes().get(0));

        ClusterStateFold.Snapshot copied = ClusterStateFold.resume(FoldSnapshots.read(FoldSnapshots.write(snapshot)))
                .snapshot();

        assertThat(copied.cluster()).usingRecursiveComparison().isEqualTo(snapshot.cluster());
        String filled = snapshot.nodes().get(0).nodeId;
        assertThat(copied.nodes()).filteredOn(node -> node.nodeId.equals(filled)).singleElement()
                .usingRecursiveComparison().isEqualTo(snapshot.nodes().get(0));
    }

    private static void fillEveryField(Object row) throws IllegalAccessException {
        int n = 1;
        for (Field field : row.getClass().getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            n++;
            Class<?> type = field.getType();
            if (type == String.class) {
                field.set(row, field.getName() + "-" + n);
            } else if (type == long.class) {
                field.setLong(row, 1000L + n);
            } else if (type == int.class) {
                field.setInt(row, 100 + n);
            } else if (type == boolean.class) {
                field.setBoolean(row, !field.getBoolean(row));
            } else if (type == Instant.class) {
                field.set(row, START.plusNanos(n));
            } else if (type == java.util.Map.class) {
                field.set(row, java.util.Map.of(field.getName(), "v-" + n));
            } else {
                throw new AssertionError("a field of a type the test does not fill: " + field);
            }
        }
    }

}
