package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** What a VIF's guest is told, as shown: host name, key names, the size of the user data (never its content); null without a profile. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record GuestView(String hostname, List<String> publicKeys, Integer userDataBytes) {}
