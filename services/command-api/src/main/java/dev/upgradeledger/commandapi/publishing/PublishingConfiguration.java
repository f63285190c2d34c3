package dev.upgradeledger.commandapi.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublisherProperties.class)
class PublishingConfiguration {

    /**
     * Axon's default for a failing event handler is to log and go on, which here would skip an event for good.
     * Propagate instead: the processor releases the segment, backs off and retries from its last token.
     */
    @Bean
    ConfigurerModule publisherFailuresPropagate() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                KafkaEventPublisher.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
