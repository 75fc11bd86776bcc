package io.xenvlan.core.guest;

import io.xenvlan.core.value.Hostname;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a VM is told about itself beyond its address, as given when its VIF was attached.
 *
 * @param hostname   its host name (one DNS label), unique in its network
 * @param name       its display name (the VM's name label, else its instance id)
 * @param publicKeys the SSH keys cloud-init installs
 * @param userData   the user data cloud-init runs, when given
 */
public record GuestProfile(Hostname hostname, String name, List<SshPublicKey> publicKeys, Optional<UserData> userData) {
    public GuestProfile {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(name, "name");
        publicKeys = List.copyOf(publicKeys);
        Objects.requireNonNull(userData, "userData");
    }
}
