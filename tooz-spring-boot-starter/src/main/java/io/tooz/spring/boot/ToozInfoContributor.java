package io.tooz.spring.boot;

import io.tooz.Coordinator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/** Adds {@code tooz}: the driver (scheme), the URL without user information, the member id, characteristics, features. */
final class ToozInfoContributor implements InfoContributor {
    private final Coordinator coordinator;
    private final ToozProperties properties;

    ToozInfoContributor(Coordinator coordinator, ToozProperties properties) {
        this.coordinator = coordinator;
        this.properties = properties;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> tooz = new LinkedHashMap<>();
        tooz.put("driver", Backends.scheme(properties.url()));
        tooz.put("url", Backends.redacted(properties.url()));
        tooz.put("memberId", coordinator.memberId());
        tooz.put(
                "characteristics",
                coordinator.characteristics().stream().map(Enum::name).sorted().toList());
        tooz.put(
                "features",
                coordinator.features().stream().map(Enum::name).sorted().toList());
        builder.withDetail("tooz", tooz);
    }
}
