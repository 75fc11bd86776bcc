package io.xenvlan.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Failures in words: what the JDK's exceptions mean, never their class names, never "null". */
class CausesTest {
    @Test
    void knownCauses_areSaidInWords_withTheirUsefulMessage() {
        assertThat(Causes.describe(new IOException(new ConnectException("Connection refused")))).isEqualTo("connection refused");
        assertThat(Causes.describe(new IOException(new ClosedChannelException()))).isEqualTo("the connection was closed");
        assertThat(Causes.describe(new NoSuchFileException("/etc/xenvlan/pw"))).isEqualTo("no such file: /etc/xenvlan/pw");
    }

    @Test
    void classNamesInMessages_areTakenOut() {
        Exception tls = new javax.net.ssl.SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target");
        assertThat(Causes.describe(tls)).isEqualTo("TLS handshake failed: PKIX path building failed: unable to find valid certification path"
                + " to requested target").doesNotContain("Exception").doesNotContain("sun.");
        assertThat(Causes.clean("java.io.IOException: HTTP/1.1 header parser received no bytes")).isEqualTo(
                "HTTP/1.1 header parser received no bytes");
    }

    @Test
    void noMessageAnywhere_isNeverNull() {
        assertThat(Causes.describe(new IOException())).isEqualTo("no further detail");
        assertThat(Causes.describe(new IOException((String) null, new RuntimeException("null")))).isEqualTo("no further detail");
    }
}
