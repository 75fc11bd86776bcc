package io.xenvlan.server.api;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.guest.UserData;
import java.util.Base64;

/** The guest parts of a request body as JSON carries them. */
final class GuestBodies {
    /** Base64 of at most {@value UserData#MAX_BYTES} bytes: the longest text that can hold them. */
    private static final int MAX_BASE64 = (UserData.MAX_BYTES + 2) / 3 * 4;

    private GuestBodies() {}

    /**
     * The bytes of {@code user_data} (base64, as nova took it); null when not given.
     *
     * @throws InvalidInputException ({@code user_data}) when it is not base64 or decodes to more than {@value UserData#MAX_BYTES} bytes
     */
    static byte[] userData(String base64) {
        if (base64 == null) {
            return null;
        }
        if (base64.length() > MAX_BASE64 + 4) {
            throw new InvalidInputException("user_data", InvalidInputException.RULE_MAX_SIZE,
                    "user_data: must be at most " + UserData.MAX_BYTES + " bytes");
        }
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("user_data", "base64", "user_data: must be base64");
        }
    }
}
