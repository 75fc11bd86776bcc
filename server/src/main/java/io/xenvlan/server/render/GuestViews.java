package io.xenvlan.server.render;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.server.compute.GuestProfiles;
import io.xenvlan.server.compute.VifRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** The guest's view in the JSON of a VIF: host name and key names, the size of the user data, never its content. */
public final class GuestViews {
    private GuestViews() {}

    /** The VIF with {@code hostname}, {@code public_keys} (their names) and {@code user_data_bytes}, null when it has no profile. */
    public static VifDetailView with(VifRow vif, Optional<GuestProfile> profile) {
        return new VifDetailView(ComputeViews.vif(vif), guest(profile));
    }

    static GuestView guest(Optional<GuestProfile> profile) {
        List<String> names = new ArrayList<>();
        profile.ifPresent(p -> {
            for (int i = 0; i < p.publicKeys().size(); i++) {
                names.add(p.publicKeys().get(i).name(i));
            }
        });
        return new GuestView(profile.map(p -> p.hostname().value()).orElse(null), names,
                profile.flatMap(GuestProfile::userData).map(UserData::size).orElse(null));
    }

    /** When the host name the attach recorded (asked for, or the default) was taken in the network: which one the VM got. */
    static Optional<String> notice(String network, GuestProfiles.Recorded recorded) {
        Optional<String> wanted = recorded.asked().map(Hostname::value);
        Optional<String> got = recorded.profile().map(p -> p.hostname().value());
        if (wanted.isPresent() && got.isPresent() && !wanted.equals(got)) {
            return Optional.of("hostname '" + wanted.get() + "' is taken in network " + network + "; this VM is '" + got.get() + "'");
        }
        return Optional.empty();
    }

    /** What {@code vif show} prints: one field of its JSON a line. */
    public static Table table(VifDetailView vif) {
        Table t = new Table("FIELD", "VALUE");
        Fields.MAPPER.convertValue(vif, Fields.TYPE)
                .forEach((k, v) -> t.row(k, v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : v));
        return t;
    }

    /** Jackson, loaded only by {@code vif show} (it is a good part of a command's start-up otherwise). */
    private static final class Fields {
        static final ObjectMapper MAPPER = new ObjectMapper();
        static final TypeReference<LinkedHashMap<String, Object>> TYPE = new TypeReference<>() { };
    }
}
