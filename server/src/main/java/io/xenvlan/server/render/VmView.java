package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A pool's guest VM as the pool reports it now, with xenvlan's VIFs on it (from the store). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VmView(String name, String uuid, String powerState, String host, List<Vif> vifs) {

    /** One of xenvlan's VIFs on the VM. */
    record Vif(String uuid, String mac, String address, String network, Integer vlan, String project, String device,
                      boolean plugged) {}
}
