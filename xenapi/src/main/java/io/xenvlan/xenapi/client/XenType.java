package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A XenAPI class the client knows: its wire name (the prefix of its messages, e.g. {@code PIF})
 * and how to decode its records.
 */
public final class XenType<R> {
    public static final XenType<PoolRecord> POOL = new XenType<>("pool", PoolRecord::decode);
    public static final XenType<HostRecord> HOST = new XenType<>("host", HostRecord::decode);
    public static final XenType<NetworkRecord> NETWORK = new XenType<>("network", NetworkRecord::decode);
    public static final XenType<PifRecord> PIF = new XenType<>("PIF", PifRecord::decode);
    public static final XenType<VlanRecord> VLAN = new XenType<>("VLAN", VlanRecord::decode);
    public static final XenType<VifRecord> VIF = new XenType<>("VIF", VifRecord::decode);
    public static final XenType<VmRecord> VM = new XenType<>("VM", VmRecord::decode);

    private final String wireName;
    private final Function<JsonNode, R> decoder;

    private XenType(String wireName, Function<JsonNode, R> decoder) {
        this.wireName = wireName;
        this.decoder = decoder;
    }

    /** The class name as XenAPI spells it in messages and events ({@code network}, {@code VIF}). */
    public String wireName() {
        return wireName;
    }

    /** Decodes one record of this class from its JSON form (e.g. an event snapshot). */
    R decode(JsonNode record) {
        return decoder.apply(record);
    }

    String method(String message) {
        return wireName + "." + message;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
