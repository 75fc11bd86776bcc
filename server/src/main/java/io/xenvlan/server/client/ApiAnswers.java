package io.xenvlan.server.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.server.render.Items;
import io.xenvlan.server.render.Page;
import java.io.IOException;
import java.util.List;

/** The API's answers read back as the render package's view records they were written from (the same Jackson mapping both ways). */
final class ApiAnswers {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Page<JsonNode>> PAGE = new TypeReference<>() { };
    private static final TypeReference<Items<JsonNode>> ITEMS = new TypeReference<>() { };

    private ApiAnswers() {}

    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw badAnswer(e);
        }
    }

    /** A page of a list route, its items as they came (each read as its caller's view). */
    static Page<JsonNode> page(JsonNode node) {
        return read(node, PAGE);
    }

    /** The {@code items} of a route that makes or releases several things at once. */
    static <T> List<T> items(JsonNode node, Class<T> type) {
        return readAll(read(node, ITEMS).items(), type);
    }

    private static <T> T read(JsonNode node, TypeReference<T> type) {
        try {
            return MAPPER.readerFor(type).readValue(node);
        } catch (IOException e) {
            throw badAnswer(e);
        }
    }

    private static BackendFailureException badAnswer(Exception e) {
        return new BackendFailureException("api", "bad-answer", List.of(), "api: the server's answer does not have the shape"
                + " this command reads (a server of another version?)", e);
    }

    static <T> List<T> readAll(List<JsonNode> nodes, Class<T> type) {
        return nodes.stream().map(n -> read(n, type)).toList();
    }
}
