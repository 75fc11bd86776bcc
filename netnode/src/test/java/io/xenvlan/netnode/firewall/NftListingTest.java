package io.xenvlan.netnode.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.LineSession;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NftListingTest {

    /** Answers a session's requests with {@code answer}, and a listing process with {@code process}; counts both. */
    private static final class Runner implements CommandRunner {
        final List<String> opened = new ArrayList<>();
        final List<String> ran = new ArrayList<>();
        final List<String> asked = new ArrayList<>();
        int closed;
        Function<String, String> answer;
        CommandResult process = new CommandResult(0, "{\"nftables\": [\"process\"]}\n", "");

        @Override
        public CommandResult run(Command command) {
            ran.add(command.toString());
            return process;
        }

        @Override
        public RunningProcess start(Command command, Path log) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<LineSession> open(Command command) {
            opened.add(command.toString());
            return Optional.of(new LineSession() {
                @Override
                public List<String> ask(String line, int answers, Duration within) {
                    asked.add(line);
                    return List.of(answer.apply(line));
                }

                @Override
                public void close() {
                    closed++;
                }
            });
        }
    }

    @Test
    void listings_goThroughOneKeptNft_notAProcessEach() {
        Runner runner = new Runner();
        runner.answer = line -> "{\"nftables\": [\"" + line + "\"]}";
        NftListing listing = new NftListing(runner, Optional.empty());

        for (int i = 0; i < 3; i++) {
            assertThat(listing.list("table ip xenvlan")).contains("{\"nftables\": [\"list table ip xenvlan\"]}");
        }
        assertThat(listing.list("chain ip mangle POSTROUTING")).contains("{\"nftables\": [\"list chain ip mangle POSTROUTING\"]}");

        assertThat(runner.opened).containsExactly("nft -j -i");
        assertThat(runner.ran).isEmpty();
        listing.close();
        assertThat(runner.closed).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNoJson_endsTheSession_andAProcessLists() {
        Runner runner = new Runner();
        runner.answer = line -> "Error: No such file or directory";
        NftListing listing = new NftListing(runner, Optional.empty());

        assertThat(listing.list("table ip xenvlan")).contains("{\"nftables\": [\"process\"]}\n");
        runner.process = new CommandResult(1, "", "Error: No such file or directory");
        assertThat(listing.list("table ip xenvlan")).isEmpty(); // no such table

        assertThat(runner.closed).isEqualTo(2); // each out-of-step session ended
        assertThat(runner.opened).hasSize(2);
        assertThat(runner.ran).containsExactly("nft -j list table ip xenvlan", "nft -j list table ip xenvlan");
    }
}
