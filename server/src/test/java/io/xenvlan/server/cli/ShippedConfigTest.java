package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.config.ServerConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's /etc/xenvlan/xenvlan.conf lists every setting the server knows, each with its real
 * default: a setting added to {@link ConfigLoader#KEYS} fails this test until it is written there.
 */
class ShippedConfigTest {
    static final Path SHIPPED = Path.of("..", "packaging", "etc", "xenvlan.conf");
    private static final Pattern SETTING = Pattern.compile("(#?)([a-z][a-z0-9.-]*) =(.*)");

    @TempDir
    Path dir;

    @Test
    void listsEverySettingTheServerKnows_andNoOther() throws IOException {
        assertThat(settings(true).keySet()).containsExactlyInAnyOrderElementsOf(ConfigLoader.KEYS);
    }

    @Test
    void theFileAsShipped_isAValidConfiguration() {
        ServerConfig shipped = new ConfigLoader().file(Optional.of(SHIPPED)).load();
        assertThat(shipped.stateDir()).isEqualTo(Path.of("/var/lib/xenvlan"));
    }

    @Test
    void theCommentedValues_areTheDefaults() throws IOException {
        Map<String, String> commented = new LinkedHashMap<>();
        settings(false).forEach((key, value) -> {
            if (!value.isEmpty()) {
                commented.put(key, value);
            }
        });
        Path file = dir.resolve("defaults.conf");
        Properties p = new Properties();
        p.putAll(commented);
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        ServerConfig written = new ConfigLoader().file(Optional.of(file)).load();
        ServerConfig defaults = new ConfigLoader().load();
        assertThat(written.roles()).isEqualTo(defaults.roles());
        assertThat(written.stateDir()).isEqualTo(defaults.stateDir());
        assertThat(written.http()).isEqualTo(defaults.http());
        assertThat(written.database()).isEqualTo(defaults.database());
        assertThat(written.vifDhcpWait()).isEqualTo(defaults.vifDhcpWait());
        assertThat(written.audit()).isEqualTo(defaults.audit());
        assertThat(written.netnode().leaveServingOnShutdown()).isEqualTo(defaults.netnode().leaveServingOnShutdown());
        assertThat(NetnodeRoleStarter.nodeConfig(written)).isEqualTo(NetnodeRoleStarter.nodeConfig(defaults));
        assertThat(NetnodeRoleStarter.leaveGrace(written, NetnodeRoleStarter.nodeConfig(written)))
                .isEqualTo(NetnodeRoleStarter.leaveGrace(defaults, NetnodeRoleStarter.nodeConfig(defaults)));
    }

    /** key -> value of the setting lines: commented ones ({@code #key = value}), or, with {@code active}, also the active ones. */
    private static Map<String, String> settings(boolean active) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(SHIPPED);
        for (String line : lines) {
            Matcher m = SETTING.matcher(line);
            if (m.matches() && (active || !m.group(1).isEmpty())) {
                Properties one = new Properties();
                one.load(new StringReader(m.group(2) + " =" + m.group(3)));
                out.put(m.group(2), one.getProperty(m.group(2)));
            }
        }
        return out;
    }
}
