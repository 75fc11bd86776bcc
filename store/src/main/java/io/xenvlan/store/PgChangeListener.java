package io.xenvlan.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, on a connection of its own, for the {@code NOTIFY xenvlan_changes} that every committed
 * change a network node serves sends (migration V33), and tells the node: a node then sleeps
 * until something changed, in any process, instead of polling. The thread blocks in the driver
 * (no timer); a lost connection is reported once and re-opened with backoff, and the listener is
 * told after each reconnection (a change may have come meanwhile).
 */
final class PgChangeListener implements AutoCloseable {
    static final String CHANNEL = "xenvlan_changes";
    private static final Logger LOG = LoggerFactory.getLogger(PgChangeListener.class);

    private final String url;
    private final String user;
    private final String password;
    private final Runnable listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    PgChangeListener(String url, String user, String password, Runnable listener) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.listener = listener;
        this.thread = new Thread(this::run, "store-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        boolean lost = false;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (lost) {
                    LOG.info("listening for store changes again");
                    lost = false;
                }
                backoff = Duration.ofSeconds(1);
                listener.run();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    var notes = pg.getNotifications(0); // blocks until a notification or the connection ends
                    if (notes != null && notes.length > 0) {
                        listener.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!lost) {
                    LOG.warn("lost the store's change notifications ({}); the node polls meanwhile, reconnecting", e.getMessage());
                    lost = true;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the change listener: {}", e.getMessage());
            }
        }
        thread.interrupt();
    }
}
