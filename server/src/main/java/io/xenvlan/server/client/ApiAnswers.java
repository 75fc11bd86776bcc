package io.xenvlan.server.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.error.BackendFailureException;
import java.util.List;

/** The API's answers read back as the render package's view records they were written from (the same Jackson mapping both ways). */
final class ApiAnswers {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiAnswers() {}

    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new BackendFailureException("api", "bad-answer", List.of(), "api: the server's answer does not have the shape"
                    + " this command reads (a server of another version?)", e);
        }
    }

    static <T> List<T> readAll(List<JsonNode> nodes, Class<T> type) {
        return nodes.stream().map(n -> read(n, type)).toList();
    }
}
