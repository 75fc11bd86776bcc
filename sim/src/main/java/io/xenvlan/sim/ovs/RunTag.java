package io.xenvlan.sim.ovs;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The per-run prefix of every name a data plane creates (namespaces, switch ports, bridges,
 * directories), so runs side by side or left over from a crash never collide and are easy to
 * find. Short, because Linux interface names stop at 15 characters.
 *
 * @param value 3 to 6 characters: a lower-case letter, then letters and digits
 */
public record RunTag(String value) {
    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9]{2,5}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** @throws IllegalArgumentException when the value does not have the shape above */
    public RunTag {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("run tag must be 3-6 of a-z 0-9 starting with a letter, got " + value);
        }
    }

    /** {@code xs} and three random letters or digits, e.g. {@code xs4kq}. */
    public static RunTag random(RandomGenerator random) {
        StringBuilder b = new StringBuilder("xs");
        for (int i = 0; i < 3; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new RunTag(b.toString());
    }

    /** {@code tag + suffix} as an interface name. @throws IllegalArgumentException past 15 characters */
    public String interfaceName(String suffix) {
        String name = value + suffix;
        if (name.length() > 15 || !name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("not a usable interface name: " + name);
        }
        return name;
    }

    /** {@code tag-suffix} as a network namespace name. */
    public String namespace(String suffix) {
        return value + "-" + suffix;
    }

    @Override
    public String toString() {
        return value;
    }
}
