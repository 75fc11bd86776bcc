-- Network nodes on one store: each node renews its row every few seconds (times are the store's
-- clock, in epoch milliseconds); a network is served by its host while the host's lease lasts
-- (renewed_ms + ttl_ms), and is taken by another node only after that. lease_epoch grows each time
-- a network changes hands, so a node that held it before knows it lost it (fencing).
CREATE TABLE network_nodes (
    name VARCHAR(64) PRIMARY KEY,
    started_ms BIGINT NOT NULL,
    renewed_ms BIGINT NOT NULL,
    ttl_ms BIGINT NOT NULL,
    max_networks INT NOT NULL,
    draining BOOLEAN NOT NULL DEFAULT FALSE
);
ALTER TABLE networks ADD COLUMN lease_epoch BIGINT NOT NULL DEFAULT 0;
