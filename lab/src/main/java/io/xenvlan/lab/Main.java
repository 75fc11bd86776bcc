package io.xenvlan.lab;

import io.xenvlan.lab.cli.LabCommands;
import io.xenvlan.server.cli.XenvlanCommand;

/** Entry point of the runnable jar: the product's command line with {@code xenvlan demo} and {@code xenvlan sim}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(XenvlanCommand.run(LabCommands.ALL, args));
    }
}
