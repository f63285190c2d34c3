package dev.upgradeledger.commandapi.publishing.web;

import dev.upgradeledger.commandapi.publishing.PublisherAdministration;
import dev.upgradeledger.commandapi.publishing.PublisherAdministration.PublisherStatus;
import dev.upgradeledger.commandapi.publishing.PublisherDeadLetters;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/publisher")
class PublisherAdminController {

    private final PublisherAdministration administration;
    private final PublisherDeadLetters deadLetters;

    PublisherAdminController(PublisherAdministration administration, PublisherDeadLetters deadLetters) {
        this.administration = administration;
        this.deadLetters = deadLetters;
    }

    /** Events parked as unpublishable, by cluster (at most 1,000 clusters listed). */
    @GetMapping("/dead-letters")
    ParkedEvents deadLetters() {
        return new ParkedEvents(deadLetters.parkedEvents(), deadLetters.parkedClusters(1_000));
    }

    /** Publishes the parked events again, each cluster's in order; those that still fail stay parked. */
    @PostMapping("/dead-letters/redrive")
    PublisherDeadLetters.Redrive redrive() {
        return deadLetters.redrive();
    }

    record ParkedEvents(long events, List<PublisherDeadLetters.ParkedCluster> clusters) {
    }

    @GetMapping
    PublisherStatus status() {
        return administration.status();
    }

    /** Re-publishes every stored event from the first one; answers 202 while the replay runs. */
    @ApiResponse(responseCode = "202", description = "the replay runs; the publisher's status")
    @PostMapping("/replay")
    ResponseEntity<PublisherStatus> replay() {
        return ResponseEntity.accepted().body(administration.replayFromStart());
    }
}
