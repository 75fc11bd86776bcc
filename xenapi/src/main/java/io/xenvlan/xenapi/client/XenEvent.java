package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One event from {@code event.from}: an object of {@code className} was added, modified or
 * deleted. The snapshot (absent on delete) is the object's record after the change.
 */
public record XenEvent(long id, String timestamp, String className, Operation operation, String ref,
                       Optional<JsonNode> snapshot) {

    public enum Operation { ADD, MOD, DEL, UNRECOGNIZED }

    public XenEvent {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(ref, "ref");
        snapshot = snapshot.map(JsonNode::deepCopy);
    }

    /** The snapshot decoded as {@code type}'s record, when the event is about that class and has one. */
    public <R> Optional<R> snapshotAs(XenType<R> type) {
        if (!type.wireName().equalsIgnoreCase(className)) {
            return Optional.empty();
        }
        return snapshot.map(type::decode);
    }

    /** The ref typed as {@code type}'s ref. */
    public <R> Ref<R> refAs(XenType<R> type) {
        return Ref.of(ref);
    }

    static XenEvent decode(JsonNode e) {
        Operation operation;
        try {
            operation = Operation.valueOf(Fields.str(e, "operation").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            operation = Operation.UNRECOGNIZED;
        }
        JsonNode snapshot = e.get("snapshot");
        return new XenEvent(Fields.lng(e, "id", 0), Fields.str(e, "timestamp"), Fields.str(e, "class"), operation,
                Fields.str(e, "ref"), snapshot == null || snapshot.isNull() ? Optional.empty() : Optional.of(snapshot));
    }
}
