package dev.upgradeledger.commandapi.cluster;

import dev.upgradeledger.domain.profile.BuiltInProfiles;
import dev.upgradeledger.domain.profile.ProductProfile;
import java.util.Optional;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Where a cluster finds its product's profile while it decides: the version in force, or the version an upgrade was
 * planned with. command-api puts its versioned profiles (read from the event store) into every command's and
 * deadline's unit of work ({@link #RESOURCE}); without them (an aggregate test fixture) only the built-in profiles,
 * version 0, are known.
 */
public interface ProfileSource {

    /** The unit-of-work resource under which the source is found. */
    String RESOURCE = ProfileSource.class.getName();

    /** Only the built-in profiles, version 0 (their catalogs are samples: they apply to no cluster by themselves). */
    ProfileSource BUILT_IN = new ProfileSource() {
        @Override
        public Optional<Applied> current(String product) {
            return BuiltInProfiles.find(product).map(profile -> new Applied(0, profile, false));
        }

        @Override
        public Optional<Applied> version(String product, long version) {
            return version == 0 ? current(product) : Optional.empty();
        }
    };

    /** The product's profile in force (the last declared version, else the built-in one), if it has one. */
    Optional<Applied> current(String product);

    /** One version of the product's profile, if it exists. */
    Optional<Applied> version(String product, long version);

    /**
     * This source, each product's current profile read once: for decisions over many clusters at one moment (a
     * fleet plan), which would otherwise read the same product's stream once per cluster.
     */
    default ProfileSource readingEachProductOnce() {
        ProfileSource source = this;
        java.util.Map<String, Optional<Applied>> current = new java.util.HashMap<>();
        return new ProfileSource() {
            @Override
            public Optional<Applied> current(String product) {
                return current.computeIfAbsent(product, source::current);
            }

            @Override
            public Optional<Applied> version(String product, long version) {
                return source.version(product, version);
            }
        };
    }

    /**
     * A version of a product's profile as it applies to the product's clusters.
     *
     * @param catalogApplies whether its release catalog applies to a cluster without its own (declared versions: yes;
     *                       the built-in version 0: no, its catalog is a sample to copy)
     */
    record Applied(long version, ProductProfile profile, boolean catalogApplies) {
    }

    /** The source of the unit of work being processed, else {@link #BUILT_IN}. */
    static ProfileSource inUnitOfWork() {
        if (CurrentUnitOfWork.isStarted()) {
            ProfileSource source = CurrentUnitOfWork.get().root().getResource(RESOURCE);
            if (source != null) {
                return source;
            }
        }
        return BUILT_IN;
    }
}
