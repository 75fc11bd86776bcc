package io.xenvlan.netnode.firewall;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.LineSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists nftables objects as JSON for the self-check through one {@code nft -j -i} kept open in the
 * node's namespace (each listing one line of JSON), instead of a process per listing every 30 s:
 * at 1,000 networks a process ({@code ip netns exec}, then nft's own start) cost about as much as
 * the listing. nft answers from its cache while the ruleset's generation is unchanged and lists
 * the kernel's afresh when anything changed, so the session sees every change made by anyone.
 * Anything else than one line of JSON (nft's error for a missing object, no answer within
 * {@link #ANSWER_WITHIN}, a namespace made anew under the same name, a runner that cannot keep a program open)
 * ends the session and the listing is made by a process, as before; the next listing opens a new
 * session.
 */
public final class NftListing {
    private static final Logger LOG = LoggerFactory.getLogger(NftListing.class);
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5); // a loaded machine answers late; a process would be later still

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private LineSession session; // guarded by this
    private Object sessionNamespace; // guarded by this: the namespace's identity when the session opened
    private boolean cannotKeep; // guarded by this: the runner holds no program open

    public NftListing(CommandRunner runner, Optional<NamespaceName> netns) {
        this.runner = runner;
        this.netns = netns;
    }

    /**
     * {@code nft -j list OBJECT} ({@code object} such as {@code table ip xenvlan}, built from
     * fixed words and validated names): its JSON, or empty when nftables has no such object (or
     * nft failed).
     */
    public synchronized Optional<String> list(String object) {
        String request = "list " + object;
        Optional<String> kept = ask(request);
        if (kept.isPresent()) {
            return kept;
        }
        CommandResult listed = runner.run(new Command(listCommand(object), true).in(netns));
        return listed.ok() ? Optional.of(listed.stdout()) : Optional.empty();
    }

    private static List<String> listCommand(String object) {
        List<String> argv = new ArrayList<>(List.of("nft", "-j", "list"));
        argv.addAll(List.of(object.split(" ")));
        return argv;
    }

    /** The kept session's answer, when it gave one line of JSON; else the session is ended. */
    private Optional<String> ask(String request) {
        if (cannotKeep || !runner.executes()) {
            return Optional.empty();
        }
        try {
            Object identity = namespaceIdentity();
            if (session != null && !identity.equals(sessionNamespace)) {
                close(); // the namespace was made anew: the session still lists the old one
            }
            if (session == null) {
                session = runner.open(Command.query("nft", "-j", "-i").in(netns)).orElse(null);
                if (session == null) {
                    cannotKeep = true;
                    return Optional.empty();
                }
                sessionNamespace = identity;
            }
            String answer = session.ask(request, 1, ANSWER_WITHIN).get(0);
            if (answer.startsWith("{\"nftables\"")) {
                return Optional.of(answer);
            }
            LOG.debug("nft session answered '{}' to '{}': listing with a process", answer, request);
        } catch (RuntimeException e) {
            LOG.debug("nft session failed ({}): listing with a process", e.getMessage());
        }
        close(); // an error leaves more lines unread, a timeout an answer to come: the session is out of step
        return Optional.empty();
    }

    /** The inode of the namespace's file (its identity); the root namespace never changes. */
    private Object namespaceIdentity() {
        if (netns.isEmpty()) {
            return "root";
        }
        try {
            return Files.getAttribute(Path.of("/run/netns", netns.get().value()), "unix:ino");
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown:" + System.nanoTime(); // never equal: no session is trusted across listings
        }
    }

    /** Ends the kept {@code nft} (the next listing opens another). */
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
