package io.xenvlan.sim;

import java.net.URI;
import java.util.Map;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;

/** A call through Apache XML-RPC, the Java SDK's own transport, for what the SDK's API does not expose. */
final class RawXmlRpc {
    private RawXmlRpc() {}

    /** The reply struct as sent ({@code Status}, {@code Value} or {@code ErrorDescription}). */
    static Map<?, ?> call(URI url, String method, Object... params) throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setServerURL(url.toURL());
        XmlRpcClient client = new XmlRpcClient();
        client.setConfig(config);
        return (Map<?, ?>) client.execute(method, params);
    }
}
