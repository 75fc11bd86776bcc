package io.xenvlan.core.guest;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.InstanceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an attach asks a VM to be told ({@code vif attach --hostname --ssh-key-file --user-data-file}),
 * checked before anything is attached.
 *
 * @param hostname   the host name asked for; none: the VM's name label made one DNS label, else its instance id
 * @param publicKeys the SSH keys, in the order given
 * @param userData   the user data, when given
 */
public record GuestRequest(Optional<Hostname> hostname, List<SshPublicKey> publicKeys, Optional<UserData> userData) {
    /** At most this many keys per VM (a whole team's keys fit; a runaway list does not). */
    static final int MAX_KEYS = 100;
    /** An attach that asks nothing: the VM keeps the profile it has, or is served the default one. */
    public static final GuestRequest NONE = new GuestRequest(Optional.empty(), List.of(), Optional.empty());

    public GuestRequest {
        Objects.requireNonNull(hostname, "hostname");
        publicKeys = List.copyOf(publicKeys);
        Objects.requireNonNull(userData, "userData");
    }

    /**
     * Checks each part as given; null for a part not given.
     *
     * @throws InvalidInputException naming the field ({@code hostname}, {@code public_keys[i]}, {@code user_data}) and the rule
     */
    public static GuestRequest of(String hostname, List<String> publicKeys, byte[] userData) {
        Optional<Hostname> name = Optional.ofNullable(hostname).map(Hostname::new);
        List<String> lines = publicKeys == null ? List.of() : publicKeys;
        if (lines.size() > MAX_KEYS) {
            throw new InvalidInputException("public_keys", "max-items", "public_keys: at most " + MAX_KEYS + " keys, got " + lines.size());
        }
        List<SshPublicKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            keys.add(SshPublicKey.parse("public_keys[" + i + "]", lines.get(i)));
        }
        return new GuestRequest(name, keys, Optional.ofNullable(userData).map(UserData::of));
    }

    /** True when the attach asked nothing of the guest's view. */
    public boolean isEmpty() {
        return hostname.isEmpty() && publicKeys.isEmpty() && userData.isEmpty();
    }

    /**
     * The profile to record for the VM {@code instanceId} whose name label is {@code nameLabel}:
     * the host name asked for, else the name label reduced to one DNS label, else the instance id.
     * Its display name is the name label, else the instance id.
     */
    public GuestProfile profile(InstanceId instanceId, Optional<String> nameLabel) {
        Optional<String> label = nameLabel.filter(l -> !l.isBlank());
        Hostname host = hostname.or(() -> label.flatMap(Hostname::reduce)).orElseGet(() -> Hostname.sanitize(instanceId.value()));
        return new GuestProfile(host, label.orElse(instanceId.value()), publicKeys, userData);
    }

    /** The host name a VM would get before the network's suffix: as {@link #profile(InstanceId, Optional)}. */
    Hostname hostnameFor(InstanceId instanceId, Optional<String> nameLabel) {
        return profile(instanceId, nameLabel).hostname();
    }
}
