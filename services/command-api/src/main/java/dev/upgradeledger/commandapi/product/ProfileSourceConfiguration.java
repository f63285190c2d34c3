package dev.upgradeledger.commandapi.product;

import dev.upgradeledger.commandapi.cluster.ProfileSource;
import java.util.Optional;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the versioned profiles ({@link ProductProfiles}) to the cluster aggregate: an interceptor on the command bus
 * and on the deadline manager puts them into each unit of work as {@link ProfileSource#RESOURCE}, so that a cluster
 * decides with its product's profile in force, and plans a followed path's later hops (after a step's outcome, a
 * resume or a deadline) with the version its upgrade was planned with.
 */
@Configuration(proxyBeanMethods = false)
class ProfileSourceConfiguration {

    /** The versioned profiles as the cluster aggregate reads them (also put into units of work outside the buses). */
    @Bean
    ProfileSource profileSource(ProductProfiles profiles) {
        return new ProfileSource() {
            @Override
            public Optional<Applied> current(String product) {
                return profiles.current(product).map(ProfileSourceConfiguration::applied);
            }

            @Override
            public Optional<Applied> version(String product, long version) {
                return profiles.version(product, version).map(ProfileSourceConfiguration::applied);
            }
        };
    }

    @Bean
    SmartInitializingSingleton profileSourceInterceptors(CommandBus commands, ObjectProvider<DeadlineManager> deadlines,
                                                         ProfileSource source) {
        MessageHandlerInterceptor<Message<?>> interceptor = new MessageHandlerInterceptor<>() {
            @Override
            public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain)
                    throws Exception {
                unitOfWork.root().resources().put(ProfileSource.RESOURCE, source);
                return chain.proceed();
            }
        };
        return () -> {
            commands.registerHandlerInterceptor(interceptor);
            deadlines.ifAvailable(manager -> manager.registerHandlerInterceptor(interceptor));
        };
    }

    /**
     * Routes a product's commands by their {@code @TargetAggregateIdentifier} ({@code product/<name>}); the cluster's
     * resolver takes only cluster commands.
     */
    @Bean
    CommandTargetResolver productCommandTargetResolver() {
        return AnnotationCommandTargetResolver.builder().build();
    }

    private static ProfileSource.Applied applied(ProductProfiles.Versioned versioned) {
        return new ProfileSource.Applied(versioned.version(), versioned.profile(), versioned.catalogApplies());
    }
}
