package dev.upgradeledger.projection.recovery;

import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.upgradeledger.projection.EventApplied;
import dev.upgradeledger.projection.EventsApplied;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AutomaticSnapshotsTest {

    private final Snapshots snapshots = mock(Snapshots.class);

    private AutomaticSnapshots automatic(long every, Duration minInterval) {
        when(snapshots.takeIfIdle("automatic")).thenReturn(true);
        return new AutomaticSnapshots(snapshots, new RecoveryProperties(
                new RecoveryProperties.Snapshots(Path.of("unused"), every, 5, minInterval),
                new RecoveryProperties.Recovery(true), new RecoveryProperties.Checksum(List.of()),
                new RecoveryProperties.Rebuild("projection_rebuild"), new RecoveryProperties.Admin(true)));
    }

    private static EventsApplied batch(int events) {
        return new EventsApplied(IntStream.range(0, events).mapToObj(i -> new EventApplied("c", i, i)).toList());
    }

    @Test
    void aBatchThatCrossesAMultipleOfEveryTakesOneSnapshotHoweverManyMultiplesItCrosses() {
        AutomaticSnapshots automatic = automatic(10, Duration.ZERO);
        try {
            automatic.on(batch(9));
            verify(snapshots, after(300).never()).takeIfIdle("automatic");

            automatic.on(batch(35));
            verify(snapshots, timeout(5_000).times(1)).takeIfIdle("automatic");
        } finally {
            automatic.destroy();
        }
    }

    @Test
    void aTurnThatComesTooSoonAfterTheLastSnapshotIsDeferredNotSkipped() throws InterruptedException {
        AutomaticSnapshots automatic = automatic(10, Duration.ofSeconds(3));
        try {
            automatic.on(batch(10));
            verify(snapshots, timeout(5_000).times(1)).takeIfIdle("automatic");

            automatic.on(batch(10));
            automatic.on(batch(10));
            verify(snapshots, after(500).times(1)).takeIfIdle("automatic");
            verify(snapshots, timeout(10_000).times(2)).takeIfIdle("automatic");
            verify(snapshots, after(300).times(2)).takeIfIdle("automatic");
        } finally {
            automatic.destroy();
        }
    }
}
