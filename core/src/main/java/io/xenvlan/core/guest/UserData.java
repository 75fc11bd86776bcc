package io.xenvlan.core.guest;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Arrays;

/** A VM's user data, stored and served byte for byte as given; at most {@value #MAX_BYTES} bytes, as nova allowed. */
public final class UserData {
    public static final int MAX_BYTES = 65535;
    private final byte[] bytes;

    private UserData(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws InvalidInputException ({@code user_data}, {@code max-size}) when over {@value #MAX_BYTES} bytes */
    public static UserData of(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("user_data", "max-size",
                    "user_data: must be at most " + MAX_BYTES + " bytes, got " + bytes.length);
        }
        return new UserData(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserData other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "UserData[" + bytes.length + " bytes]"; // never the content: it may hold secrets
    }
}
