package io.xenvlan.netnode.plumbing;

import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Answers each command with what the test scripts for it, and records the commands. */
final class ScriptedRunner implements CommandRunner {
    final List<String> commands = new ArrayList<>();
    private final Function<Command, CommandResult> answer;

    ScriptedRunner(Function<Command, CommandResult> answer) {
        this.answer = answer;
    }

    static CommandResult ok() {
        return new CommandResult(0, "", "");
    }

    static CommandResult fail(int code, String stderr) {
        return new CommandResult(code, "", stderr);
    }

    @Override
    public CommandResult run(Command command) {
        commands.add(command.toString());
        return answer.apply(command);
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        throw new UnsupportedOperationException("plumbing starts no processes");
    }
}
