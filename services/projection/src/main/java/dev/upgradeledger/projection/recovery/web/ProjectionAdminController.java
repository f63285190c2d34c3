package dev.upgradeledger.projection.recovery.web;

import static dev.upgradeledger.support.web.EnumValues.named;

import dev.upgradeledger.projection.recovery.ChecksumReports;
import dev.upgradeledger.projection.recovery.ChecksumReports.ChecksumReport;
import dev.upgradeledger.projection.recovery.Rebuilds;
import dev.upgradeledger.projection.recovery.Rebuilds.Mode;
import dev.upgradeledger.projection.recovery.Rebuilds.RebuildStatus;
import dev.upgradeledger.projection.recovery.Rebuilds.Source;
import dev.upgradeledger.projection.recovery.Recovery;
import dev.upgradeledger.projection.recovery.Recovery.RecoveryResult;
import dev.upgradeledger.projection.recovery.SnapshotManifest;
import dev.upgradeledger.projection.recovery.SnapshotStore;
import dev.upgradeledger.projection.recovery.Snapshots;
import dev.upgradeledger.support.web.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The projection's admin API, apart from the query API: snapshots, recovery, rebuilds and the read-model checksum.
 * Served unless {@code ledger.projection.admin.enabled=false}.
 */
@RestController
@RequestMapping("/admin/v1")
@ConditionalOnBooleanProperty(name = "ledger.projection.admin.enabled", matchIfMissing = true)
@Tag(name = "projection admin", description = "Snapshots, recovery and rebuilds of the read models")
class ProjectionAdminController {

    private final Snapshots snapshots;
    private final SnapshotStore store;
    private final Recovery recovery;
    private final Rebuilds rebuilds;
    private final ChecksumReports checksums;

    ProjectionAdminController(Snapshots snapshots, SnapshotStore store, Recovery recovery, Rebuilds rebuilds,
                              ChecksumReports checksums) {
        this.snapshots = snapshots;
        this.store = store;
        this.recovery = recovery;
        this.rebuilds = rebuilds;
        this.checksums = checksums;
    }

    @ApiResponse(responseCode = "201", description = "taken; Location names it; the manifest")
    @PostMapping("/snapshots")
    @Operation(summary = "Take a snapshot now",
            description = "One consistent read of every read-model table and the Kafka offsets it includes, written"
                    + " to the snapshot directory. 201 with the manifest; 409 operation-in-progress.")
    ResponseEntity<SnapshotManifest> takeSnapshot() {
        SnapshotManifest manifest = snapshots.take("manual");
        return ResponseEntity.created(URI.create("/admin/v1/snapshots/" + manifest.id())).body(manifest);
    }

    @GetMapping("/snapshots")
    @Operation(summary = "The snapshots kept, newest first")
    List<SnapshotManifest> snapshots() {
        return store.list();
    }

    @GetMapping("/snapshots/{id}")
    @Operation(summary = "One snapshot's manifest", description = "404 snapshot-not-found")
    SnapshotManifest snapshot(@PathVariable String id) {
        return store.find(id).orElseThrow(() -> new AdminProblem(HttpStatus.NOT_FOUND, "snapshot-not-found",
                "Snapshot not found", "No snapshot " + id + " in the snapshot directory"));
    }

    @PostMapping("/recovery")
    @Operation(summary = "Recover the read models from the latest good snapshot",
            description = "Stops the Kafka listeners, recreates the schema, loads the newest snapshot of this Kafka"
                    + " cluster whose files and checksum verify (or the one named by snapshotId), and restarts the"
                    + " listeners after its offsets, so only what follows is replayed. Queries fail while the schema is"
                    + " recreated. 409 no-usable-snapshot, replay-source-incomplete, operation-in-progress.")
    RecoveryResult recover(@RequestParam(required = false) @Nullable String snapshotId) {
        return recovery.recover(snapshotId);
    }

    @ApiResponse(responseCode = "202", description = "started; Location names it; its progress")
    @PostMapping("/rebuilds")
    @Operation(summary = "Rebuild the read models from the events",
            description = "mode FULL (empty the read models and replay) or SIDE_BY_SIDE (build new tables beside the"
                    + " live ones, which keep answering, then switch over); source KAFKA (default) or EVENT_STORE"
                    + " (FULL only: then republish with command-api's POST /api/v1/admin/publisher/replay). 202 with"
                    + " the progress; 409 operation-in-progress or replay-source-incomplete.")
    ResponseEntity<RebuildStatus> rebuild(@RequestBody(required = false) @Nullable RebuildRequest request) {
        RebuildRequest body = request == null ? new RebuildRequest(null, null) : request;
        RebuildStatus status = rebuilds.start(named(Mode.class, "mode", body.mode()),
                body.source() == null ? Source.KAFKA : named(Source.class, "source", body.source()));
        return ResponseEntity.accepted().location(URI.create("/admin/v1/rebuilds/" + status.id())).body(status);
    }

    @GetMapping("/rebuilds")
    @Operation(summary = "The rebuilds since this instance started, newest first")
    List<RebuildStatus> rebuilds() {
        return rebuilds.all();
    }

    @GetMapping("/rebuilds/{id}")
    @Operation(summary = "A rebuild's progress", description = "404 rebuild-not-found")
    RebuildStatus rebuild(@PathVariable String id) {
        return rebuilds.status(id);
    }

    @GetMapping("/checksum")
    @Operation(summary = "The read models' checksum, per table and overall, with the offsets they include",
            description = "Equal checksums at equal positions prove two builds identical.")
    ChecksumReport checksum() {
        return checksums.report();
    }

    /**
     * @param mode   FULL or SIDE_BY_SIDE (required)
     * @param source KAFKA (default) or EVENT_STORE
     */
    record RebuildRequest(@Nullable String mode, @Nullable String source) {
    }

    private static final class AdminProblem extends ProblemException {

        AdminProblem(HttpStatus status, String type, String title, String detail) {
            super(status, type, title, detail);
        }
    }
}
