package io.xenvlan.netnode.plumbing;

import java.util.Map;
import java.util.stream.Collectors;

/** What {@code ovsdb-client query} answers to {@link BridgePorts}' two selects, for scripted runners. */
public final class OvsdbAnswer {
    private OvsdbAnswer() {
    }

    /** The bridge holding {@code tags}' ports (name to tag, {@code ""} for none), and one port on another bridge. */
    public static String ports(Map<String, String> tags) {
        String refs = tags.keySet().stream().map(p -> "[\"uuid\",\"u-" + p + "\"]").collect(Collectors.joining(","));
        String rows = tags.entrySet().stream().map(e -> "{\"_uuid\":[\"uuid\",\"u-" + e.getKey() + "\"],\"name\":\"" + e.getKey()
                + "\",\"tag\":" + (e.getValue().isEmpty() ? "[\"set\",[]]" : e.getValue()) + "}").collect(Collectors.joining(","));
        String elsewhere = "{\"_uuid\":[\"uuid\",\"u-other\"],\"name\":\"other0\",\"tag\":7}";
        String ports = tags.size() == 1 ? refs : "[\"set\",[" + refs + "]]"; // OVSDB writes a set of one as the element alone
        return "[{\"rows\":[{\"ports\":" + ports + "}]},{\"rows\":[" + rows + (rows.isEmpty() ? "" : ",") + elsewhere + "]}]\n";
    }
}
