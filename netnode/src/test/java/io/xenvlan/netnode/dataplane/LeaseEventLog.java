package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.netnode.DhcpScriptCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@code --dhcp-script} for the netnode module's own data-plane tests (the server's
 * {@code xenvlan dhcp-event} needs the whole server): parses dnsmasq's call with the production
 * {@link DhcpScriptCall} and appends the event to a file named by its first argument.
 */
public final class LeaseEventLog {
    private LeaseEventLog() {}

    public static void main(String[] args) throws IOException {
        Path log = Path.of(args[0]);
        Optional<LeaseEvent> event = DhcpScriptCall.parse(Arrays.asList(args).subList(1, args.length), System.getenv(),
                Clock.systemUTC());
        if (event.isPresent()) {
            LeaseEvent e = event.get();
            String line = e.action() + " " + e.mac() + " " + e.address() + " " + e.hostname().orElse("-") + " "
                    + e.expires().map(Instant::getEpochSecond).orElse(0L) + " " + e.at().toEpochMilli() + "\n";
            Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The command to give the node as its dhcp-event command: this class in a fresh JVM. */
    public static List<String> command(Path log) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(LeaseEventLog.class.getName());
        argv.add(log.toString());
        return argv;
    }

    /** Every event in the file so far. */
    public static List<LeaseEvent> read(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<LeaseEvent> events = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split(" ");
                long expires = Long.parseLong(f[4]);
                events.add(new LeaseEvent(LeaseAction.valueOf(f[0]), MacAddress.parse(f[1]), Ipv4Address.parse(f[2]),
                        f[3].equals("-") ? Optional.empty() : Optional.of(f[3]),
                        expires == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expires)),
                        Instant.ofEpochMilli(Long.parseLong(f[5]))));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
