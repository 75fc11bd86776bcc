package io.xenvlan.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dnsmasq's reply times from a {@code tcpdump -e -nn -tt} capture on its interface: for each
 * client MAC, each BOOTP request paired with the next reply sent to that MAC.
 */
final class DhcpReplyTimes {
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+\\.\\d+) ([0-9a-f:]{17}) > ([0-9a-f:]{17}), .*BOOTP/DHCP, (Request from ([0-9a-f:]{17})|Reply)");

    private DhcpReplyTimes() {}

    /** Milliseconds from each request to its reply. */
    static List<Double> fromCapture(List<String> lines) {
        Map<String, Double> pending = new HashMap<>();
        List<Double> times = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            double at = Double.parseDouble(m.group(1));
            if (m.group(5) != null) {
                pending.put(m.group(5), at);
            } else {
                Double asked = pending.remove(m.group(3));
                if (asked != null) {
                    times.add((at - asked) * 1000);
                }
            }
        }
        return times;
    }
}
