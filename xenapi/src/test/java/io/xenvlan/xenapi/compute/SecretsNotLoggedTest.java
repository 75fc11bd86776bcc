package io.xenvlan.xenapi.compute;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.InstanceId;
import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Nothing logged while registering a pool, attaching, expiring sessions and detaching shows the password. */
class SecretsNotLoggedTest {
    private static final String PASSWORD = "Pw-7f3a9c-not-in-logs";
    @TempDir
    Path dir;

    @Test
    void poolPassword_neverAppearsInAnyLogEvent() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.TRACE);
        try (ComputeRig rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(2).password(PASSWORD), TestDatabase.h2(), dir,
                io.xenvlan.core.hypervisor.VifDriver.BRIDGE, java.util.Optional.empty(), true)) {
            String vm = rig.runningVms().get(0);
            rig.main.attachments().attach(ProjectId.of("alpha"), LAB, InstanceId.of(vm), OptionalLong.empty());
            rig.sim.expireAllSessions();
            rig.main.attachments().detach(LAB, InstanceId.of(vm));
        } finally {
            root.detachAppender(appender);
            root.setLevel(before);
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD);
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(PASSWORD);
            }
        });
    }
}
