package io.xenvlan.netnode.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.testing.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A program kept open and asked line by line: answers in order, a missing answer times out, an ended program fails. */
class ProcessLineSessionTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(5));

    @Test
    void eachLineGetsItsAnswers_fromTheSameProcess() {
        try (LineSession cat = runner.open(Command.change("cat")).orElseThrow()) {
            assertThat(cat.ask("one", 1, Duration.ofSeconds(5))).containsExactly("one");
            assertThat(cat.ask("two", 1, Duration.ofSeconds(5))).containsExactly("two");
            assertThat(cat.ask("three", 0, Duration.ofSeconds(5))).isEmpty();
            Eventually.await("cat printed it", Duration.ofSeconds(10), () -> ((ProcessLineSession) cat).unread() == 1);
            // the unasked-for answer of "three" is still there: the next request is refused, not answered out of step
            assertThatThrownBy(() -> cat.ask("four", 1, Duration.ofSeconds(5))).isInstanceOfSatisfying(BackendFailureException.class,
                    e -> assertThat(e.errorCode()).isEqualTo("OUT_OF_STEP"));
        }
    }

    @Test
    void anAnswerThatDoesNotCome_timesOut() {
        try (LineSession cat = runner.open(Command.change("cat")).orElseThrow()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> cat.ask("only one line back", 2, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(BackendFailureException.class, e -> assertThat(e.errorCode()).isEqualTo("TIMEOUT"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aProgramThatEnded_failsTheRequest() {
        try (LineSession gone = runner.open(Command.change("true")).orElseThrow()) {
            assertThatThrownBy(() -> gone.ask("anyone?", 1, Duration.ofSeconds(5))).isInstanceOfSatisfying(BackendFailureException.class,
                    e -> assertThat(e.errorCode()).isIn("ENDED", "OUT_OF_STEP"));
        }
    }

    @Test
    void aRunnerThatOnlyRecords_keepsNothingOpen() {
        assertThat(new ReportingCommandRunner().open(Command.change("nft", "-i"))).isEmpty();
    }
}
