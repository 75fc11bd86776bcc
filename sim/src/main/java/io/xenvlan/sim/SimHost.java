package io.xenvlan.sim;

import java.net.URI;

/**
 * A simulated host and the endpoint it answers on.
 *
 * @param ref     its XenAPI ref
 * @param uuid    its uuid
 * @param name    its name_label
 * @param address its {@code address} field: what HOST_IS_SLAVE names for the master
 * @param url     its XML-RPC endpoint (JSON-RPC is {@code url + "jsonrpc"})
 * @param master  whether it is the pool master
 */
public record SimHost(String ref, String uuid, String name, String address, URI url, boolean master) {
}
