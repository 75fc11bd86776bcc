package io.xenvlan.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The shipped logging set-up (tests themselves log through logback-test.xml). */
class LogSetupTest {

    @Test
    void logsKeyValueLinesToStderr_warningsAndAboveByDefault() {
        String err = captureStderr(context -> {
            LogSetup.apply(context, null);
            context.getLogger("io.xenvlan.demo").info("not shown");
            MDC.put("request_id", "r-1");
            try {
                context.getLogger("io.xenvlan.demo").warn("pool unreachable");
            } finally {
                MDC.remove("request_id");
            }
            context.getLogger("org.flywaydb.core.Flyway").warn("flyway chatter");
        });
        assertThat(err).doesNotContain("not shown", "flyway chatter")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S+ level=WARN logger=io.xenvlan.demo request_id=r-1 msg=\"pool unreachable\"\\R");
    }

    @Test
    void theLevelComesFromTheEnvironmentSetting() {
        String err = captureStderr(context -> {
            LogSetup.apply(context, "INFO");
            context.getLogger("io.xenvlan.demo").info("started");
        });
        assertThat(err).contains("level=INFO logger=io.xenvlan.demo request_id=- msg=\"started\"");
    }

    private static String captureStderr(java.util.function.Consumer<LoggerContext> body) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        try {
            body.accept(context);
        } finally {
            context.stop();
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
