package io.xenvlan.core.floating;

/** Keeps hostile input out of messages: control characters become '?', long text is cut. */
final class Printable {
    private Printable() {}

    static String of(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
