package dev.upgradeledger.commandapi.fleet;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fleet upgrades' aggregate routing, their process's and their publisher's tracking processors. */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    /**
     * The fleet process's own tracking processor, starting at the head of the event store the first time (no fleet
     * existed before it), then from its token; a failing handler is retried from that token, never skipped.
     */
    @Bean
    ConfigurerModule fleetProcessor() {
        return configurer -> {
            configurer.eventProcessing().registerTrackingEventProcessor(FleetProcess.PROCESSING_GROUP,
                    org.axonframework.config.Configuration::eventStore,
                    configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
            configurer.eventProcessing().registerListenerInvocationErrorHandler(FleetProcess.PROCESSING_GROUP,
                    configuration -> PropagatingErrorHandler.instance());
            // the publisher of ledger.fleet-events: every fleet event from the store's start, retried, never skipped
            configurer.eventProcessing().registerTrackingEventProcessor(FleetEventPublisher.PROCESSING_GROUP,
                    org.axonframework.config.Configuration::eventStore,
                    configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing());
            configurer.eventProcessing().registerListenerInvocationErrorHandler(FleetEventPublisher.PROCESSING_GROUP,
                    configuration -> PropagatingErrorHandler.instance());
        };
    }

    /** Routes the fleet's commands by their {@code @TargetAggregateIdentifier} ({@code fleet/<id>}). */
    @Bean
    CommandTargetResolver fleetCommandTargetResolver() {
        return AnnotationCommandTargetResolver.builder().build();
    }
}
