package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;

/**
 * Settings of the floating IP use case.
 *
 * @param quota      how many floating IPs one project may hold ({@code quota.floating-ips}, default 10)
 * @param autoAssign every attach also gets a floating IP ({@code floating.auto-assign}, nova's
 *                   {@code auto_assign_floating_ip}); networks created {@code --auto-floating} do regardless
 */
public record FloatingConfig(int quota, boolean autoAssign) {
    public static final int DEFAULT_QUOTA = 10;
    public static final int MAX_QUOTA = 65_536;

    public FloatingConfig {
        if (quota < 0 || quota > MAX_QUOTA) {
            throw new InvalidInputException("quota.floating-ips", "range", "quota.floating-ips: must be between 0 and "
                    + MAX_QUOTA + ", got " + quota);
        }
    }

    public static FloatingConfig defaults() {
        return new FloatingConfig(DEFAULT_QUOTA, false);
    }
}
