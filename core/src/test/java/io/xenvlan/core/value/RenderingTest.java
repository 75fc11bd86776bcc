package io.xenvlan.core.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written MAC rendering and the precompiled hostname rules agree with their plain definitions. */
class RenderingTest {
    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void mac_lowerCaseColonPairs_asFormatted() {
        for (long bits : new long[] {0, 1, 0xffff_ffff_ffffL, 0xfa163e000001L, 0x0a0b0c0d0e0fL}) {
            assertThat(new MacAddress(bits).toString()).isEqualTo(formatted(bits));
        }
        for (int i = 0; i < 10_000; i++) {
            long bits = random.nextLong(1L << 48);
            assertThat(new MacAddress(bits).toString()).isEqualTo(formatted(bits));
            assertThat(MacAddress.parse(new MacAddress(bits).toString()).bits()).isEqualTo(bits);
        }
    }

    private static String formatted(long bits) {
        return String.format("%012x", bits).replaceAll("(..)(?!$)", "$1:");
    }

    @Test
    void sanitize_asTheRegexDefinition() {
        String alphabet = "aZ09-_. #\u00e9-\n,=";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(90); n > 0; n--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = sb.toString();
            assertThat(Hostname.sanitize(name).value()).isEqualTo(sanitized(name));
        }
    }

    private static String sanitized(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
        s = (s.length() > 63 ? s.substring(0, 63) : s).replaceAll("-+$", "");
        return s.isEmpty() ? "host" : s;
    }
}
