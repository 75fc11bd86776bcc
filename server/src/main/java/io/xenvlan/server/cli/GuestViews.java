package io.xenvlan.server.cli;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.value.Hostname;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The guest's view in the JSON of a VIF: host name and key names, the size of the user data, never its content. */
public final class GuestViews {
    private GuestViews() {}

    /** {@code vif} with {@code hostname}, {@code public_keys} (their names) and {@code user_data_bytes}, null when it has no profile. */
    public static Map<String, Object> with(Map<String, Object> vif, Optional<GuestProfile> profile) {
        Map<String, Object> m = new LinkedHashMap<>(vif);
        m.put("hostname", profile.map(p -> p.hostname().value()).orElse(null));
        List<String> names = new ArrayList<>();
        profile.ifPresent(p -> {
            for (int i = 0; i < p.publicKeys().size(); i++) {
                names.add(p.publicKeys().get(i).name(i));
            }
        });
        m.put("public_keys", names);
        m.put("user_data_bytes", profile.flatMap(GuestProfile::userData).map(UserData::size).orElse(null));
        return m;
    }

    /** As {@link #with(Map, Optional)}; when the host name asked for was taken in the network, a {@code notice} says which one the VM got. */
    public static Map<String, Object> attached(Map<String, Object> vif, Optional<GuestProfile> profile, GuestRequest asked) {
        Map<String, Object> m = with(vif, profile);
        Optional<String> wanted = asked.hostname().map(Hostname::value);
        Optional<String> got = profile.map(p -> p.hostname().value());
        if (wanted.isPresent() && got.isPresent() && !wanted.equals(got)) {
            m.put("notice", "hostname '" + wanted.get() + "' is taken in network " + vif.get("network") + "; this VM is '"
                    + got.get() + "'");
        }
        return m;
    }

    /** What {@code vif show} prints: one field a line. */
    static Table table(Map<String, Object> vif) {
        Table t = new Table("FIELD", "VALUE");
        vif.forEach((k, v) -> t.row(k, v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : v));
        return t;
    }
}
