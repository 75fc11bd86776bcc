-- What a VM is told about itself (io.xenvlan.core.guest.GuestProfile), one row per xenvlan VIF:
-- its network (so host names stay unique per network), host name, display name, OpenSSH public
-- keys (one per line, in the order given) and user data as given. The network node's metadata
-- service reads it with the VIF's fixed IP; a detach deletes it.
CREATE TABLE guest_profiles (
    vif_uuid    UUID PRIMARY KEY,
    network_id  BIGINT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    hostname    VARCHAR(63) NOT NULL,
    name        VARCHAR(255) NOT NULL,
    public_keys VARCHAR(300000) NOT NULL,
    user_data   BYTEA,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_guest_profiles_hostname UNIQUE (network_id, hostname)
);
