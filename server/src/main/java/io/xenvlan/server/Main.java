package io.xenvlan.server;

/** Entry point of the xenvlan command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("xenvlan");
    }
}
