package io.xenvlan.server;

import io.xenvlan.server.cli.XenvlanCommand;

/** Entry point of the xenvlan command line (and of the server, through {@code xenvlan server}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(XenvlanCommand.run(args));
    }
}
