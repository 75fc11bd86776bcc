package io.xenvlan.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client of a holder's Unix socket speaks plain HTTP: it makes no TLS context (reading the JDK's CA certificates) at start. */
class UnixSocketTransportTest {
    @Test
    void theLocalClientsConnector_startsWithoutATlsContext() throws Exception {
        UnixSocketTransport.PlainConnector connector = new UnixSocketTransport.PlainConnector();
        connector.start();
        try {
            assertThat(connector.isStarted()).isTrue();
            assertThat(connector.getSslContextFactory()).isNull();
        } finally {
            connector.stop();
        }
    }
}
