package dev.upgradeledger.commandapi.notify;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

    /**
     * The notifier's own tracking processor, starting at the head of the event store (a new webhook hears about what
     * happens from now on, not the past); a failing handler is retried from its last token, never skipped.
     */
    @Bean
    ConfigurerModule notificationProcessor() {
        return configurer -> {
            configurer.eventProcessing().registerTrackingEventProcessor(UpgradeNotifier.PROCESSING_GROUP,
                    org.axonframework.config.Configuration::eventStore,
                    configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                            .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
            configurer.eventProcessing().registerListenerInvocationErrorHandler(UpgradeNotifier.PROCESSING_GROUP,
                    configuration -> PropagatingErrorHandler.instance());
        };
    }
}
