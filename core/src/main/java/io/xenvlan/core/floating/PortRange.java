package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;

/** A port ({@code N}) or an inclusive range ({@code N-M}), each 1..65535. */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 1 || last > 65_535 || first > last) {
            throw new InvalidInputException("port", "range", "port: must be N or N-M with 1 <= N <= M <= 65535, got "
                    + first + (first == last ? "" : "-" + last));
        }
    }

    /** @throws InvalidInputException naming {@code port} */
    static PortRange parse(String text) {
        if (text == null || !text.matches("[0-9]{1,5}(-[0-9]{1,5})?")) {
            throw new InvalidInputException("port", "port-range", "port: must be N or N-M (1-65535), got '"
                    + (text == null ? "" : Printable.of(text)) + "'");
        }
        int dash = text.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
        int last = dash < 0 ? first : Integer.parseInt(text.substring(dash + 1));
        return new PortRange(first, last);
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
