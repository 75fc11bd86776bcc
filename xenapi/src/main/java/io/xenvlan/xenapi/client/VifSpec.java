package io.xenvlan.xenapi.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The record passed to {@code VIF.create}: every member XenAPI requires, plus the locking mode.
 * The pool validates device ({@code INVALID_DEVICE}) and MAC ({@code MAC_INVALID}) itself.
 *
 * @param qosAlgorithmType "" for none, {@code ratelimit} with {@code kbps} in the params
 */
public record VifSpec(String device, Ref<NetworkRecord> network, Ref<VmRecord> vm, String mac, long mtu,
                      Map<String, String> otherConfig, String qosAlgorithmType, Map<String, String> qosAlgorithmParams) {

    public VifSpec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(mac, "mac");
        otherConfig = Map.copyOf(otherConfig);
        qosAlgorithmType = Objects.requireNonNullElse(qosAlgorithmType, "");
        qosAlgorithmParams = Map.copyOf(qosAlgorithmParams);
    }

    Map<String, Object> toStruct() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("device", device);
        struct.put("network", network);
        struct.put("VM", vm);
        struct.put("MAC", mac);
        struct.put("MTU", mtu);
        struct.put("other_config", otherConfig);
        struct.put("qos_algorithm_type", qosAlgorithmType);
        struct.put("qos_algorithm_params", qosAlgorithmParams);
        struct.put("locking_mode", "network_default");
        return struct;
    }
}
