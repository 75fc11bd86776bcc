package io.xenvlan.xenapi.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The record passed to {@code VIF.create}: every member XenAPI requires, plus the locking mode and
 * the addresses the VIF is locked to. The pool validates device ({@code INVALID_DEVICE}) and MAC
 * ({@code MAC_INVALID}) itself.
 *
 * @param qosAlgorithmType "" for none, {@code ratelimit} with {@code kbps} in the params
 * @param lockingMode      {@code network_default}, {@code locked}, {@code unlocked} or {@code disabled}
 * @param ipv4Allowed      with {@code locked}: the only IPv4 addresses the VM may send from
 */
public record VifSpec(String device, Ref<NetworkRecord> network, Ref<VmRecord> vm, String mac, long mtu,
                      Map<String, String> otherConfig, String qosAlgorithmType, Map<String, String> qosAlgorithmParams,
                      String lockingMode, List<String> ipv4Allowed) {

    /** A VIF with the network's default locking. */
    VifSpec(String device, Ref<NetworkRecord> network, Ref<VmRecord> vm, String mac, long mtu,
                   Map<String, String> otherConfig, String qosAlgorithmType, Map<String, String> qosAlgorithmParams) {
        this(device, network, vm, mac, mtu, otherConfig, qosAlgorithmType, qosAlgorithmParams, "network_default", List.of());
    }

    public VifSpec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(mac, "mac");
        otherConfig = Map.copyOf(otherConfig);
        qosAlgorithmType = Objects.requireNonNullElse(qosAlgorithmType, "");
        qosAlgorithmParams = Map.copyOf(qosAlgorithmParams);
        Objects.requireNonNull(lockingMode, "lockingMode");
        ipv4Allowed = List.copyOf(ipv4Allowed);
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
        struct.put("locking_mode", lockingMode);
        if (!ipv4Allowed.isEmpty()) {
            struct.put("ipv4_allowed", ipv4Allowed);
        }
        return struct;
    }
}
