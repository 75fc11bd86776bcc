package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Base64;
import java.util.UUID;

/** The user data a VIF's attach gave: {@code {vif, user_data (base64), bytes}}, in that order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserDataView(String vif, String userData, int bytes) {

    public static UserDataView of(UUID vif, byte[] data) {
        return new UserDataView(vif.toString(), Base64.getEncoder().encodeToString(data), data.length);
    }
}
