package io.xenvlan.sim.ovs;

import java.util.List;

/**
 * What a finished command gave.
 *
 * @param argv     the argument list that ran
 * @param exitCode its exit status (-1 when it was killed for running too long)
 * @param stdout   its standard output
 * @param stderr   its standard error
 */
public record ExecResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public ExecResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exitCode == 0;
    }
}
