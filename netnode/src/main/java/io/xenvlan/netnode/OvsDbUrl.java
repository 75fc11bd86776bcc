package io.xenvlan.netnode;

import io.xenvlan.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** An OVSDB address for {@code ovs-vsctl --db=}: {@code unix:<absolute path>} or {@code tcp:|ssl:<host>:<port>}. */
public record OvsDbUrl(String value) {
    private static final Pattern RULE = Pattern.compile(
            "unix:/[A-Za-z0-9_./+-]{1,200}|(tcp|ssl):[A-Za-z0-9.-]{1,253}:[0-9]{1,5}|(tcp|ssl):\\[[0-9a-fA-F:.]{2,45}\\]:[0-9]{1,5}");

    public OvsDbUrl {
        if (value == null || !RULE.matcher(value).matches()) {
            throw new InvalidInputException("ovs-db", "ovsdb-url",
                    "ovs-db: must be unix:/path/to/db.sock or tcp:HOST:PORT or ssl:HOST:PORT");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
