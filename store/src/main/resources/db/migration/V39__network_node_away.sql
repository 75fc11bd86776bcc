-- A node stopped with netnode.on-shutdown = leave keeps its lease for a grace (its dnsmasq go on
-- serving while it restarts) without renewing it: marked away, so no other node hands it networks
-- meanwhile. Its next renewal clears the mark.
ALTER TABLE network_nodes ADD COLUMN away BOOLEAN NOT NULL DEFAULT FALSE;
