package io.tooz.tck;

import io.tooz.Feature;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A test class's {@link Backend} declaration as sets, with the offers each offer implies. */
record Declaration(Set<Feature> features, Set<Offer> offers, boolean clock) {

    /** The declaration on {@code testClass} or a superclass, if any. */
    static Optional<Declaration> of(Class<?> testClass) {
        Backend b = testClass.getAnnotation(Backend.class);
        if (b == null) {
            return Optional.empty();
        }
        Set<Feature> features = EnumSet.allOf(Feature.class);
        features.removeAll(List.of(b.lacks()));
        Set<Offer> offers = EnumSet.noneOf(Offer.class);
        offers.addAll(List.of(b.offers()));
        if (offers.contains(Offer.WORKER_PROCESS)) {
            offers.add(Offer.PROXY);
        }
        if (offers.contains(Offer.PROXY)) {
            offers.add(Offer.NETWORK);
        }
        return Optional.of(new Declaration(Set.copyOf(features), Set.copyOf(offers), b.clock()));
    }

    /** The declaration of a test class that must have one. */
    static Declaration required(Class<?> testClass) {
        return of(testClass)
                .orElseThrow(
                        () -> new AssertionError(testClass.getName() + " declares no @" + Backend.class.getName()));
    }

    /** What of {@code needs} this declaration lacks; empty if the contract applies. */
    List<Object> missing(Needs needs) {
        List<Object> out = new ArrayList<>();
        for (Feature f : needs.features()) {
            if (!features.contains(f)) {
                out.add(f);
            }
        }
        for (Offer o : needs.offers()) {
            if (!offers.contains(o)) {
                out.add(o);
            }
        }
        return out;
    }
}
