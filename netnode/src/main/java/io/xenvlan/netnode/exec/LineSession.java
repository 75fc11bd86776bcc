package io.xenvlan.netnode.exec;

import java.time.Duration;
import java.util.List;

/**
 * A program kept running that reads one request per line on its input and answers on its output
 * ({@code nft -e -i}): a request costs a write and a read, not a process. Its standard error is
 * read as part of its output, so an error answers in place of the expected lines.
 */
public interface LineSession extends AutoCloseable {

    /**
     * Writes {@code line} and returns the next {@code answers} lines the program prints.
     *
     * @throws io.xenvlan.core.error.BackendFailureException when the program has ended, printed
     *     something before the request (its answers would be out of step), or does not answer
     *     within {@code within}; the session is useless after that ({@link #close} it)
     */
    List<String> ask(String line, int answers, Duration within);

    /** Ends the program (SIGKILL) and waits for its end: nothing it was asked can take effect after this returns. */
    @Override
    void close();
}
