package io.xenvlan.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped logging set-up (the tests themselves log through logback-test.xml). */
class LogSetupTest {

    @Test
    void keyValueLinesOnStderr_warningsAndAboveByDefault() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context, null);
        Logger demo = context.getLogger("io.xenvlan.demo");
        assertThat(demo.isInfoEnabled()).isFalse();
        assertThat(demo.isWarnEnabled()).isTrue();
        assertThat(context.getLogger("org.flywaydb.core.Flyway").isWarnEnabled()).isFalse();

        ConsoleAppender<ILoggingEvent> stderr = stderr(context);
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), demo, Level.WARN, "pool unreachable", null, null);
        event.setMDCPropertyMap(Map.of("request_id", "r-1"));
        assertThat(new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ level=WARN logger=io.xenvlan.demo request_id=r-1 msg=\"pool unreachable\"\\R");
        context.stop();
    }

    @Test
    void theLevelComesFromTheEnvironmentSetting_andRequestIdDefaultsToDash() {
        LoggerContext context = new LoggerContext();
        LogSetup.apply(context, "INFO");
        Logger demo = context.getLogger("io.xenvlan.demo");
        assertThat(demo.isInfoEnabled()).isTrue();
        assertThat(demo.isDebugEnabled()).isFalse();
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), demo, Level.INFO, "started", null, null);
        event.setMDCPropertyMap(Map.of());
        assertThat(new String(stderr(context).getEncoder().encode(event), StandardCharsets.UTF_8))
                .contains("level=INFO logger=io.xenvlan.demo request_id=- msg=\"started\"");
        context.stop();
    }

    @SuppressWarnings("unchecked")
    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context) {
        return (ConsoleAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    }
}
