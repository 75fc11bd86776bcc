-- Who owns each network, in a table with nothing but its primary key: every allocation's INSERT reads
-- its network's owner as its condition (and on PostgreSQL key-share locks that row, which a racing
-- disassociation or deletion locks FOR UPDATE first). Read from networks, that condition cost H2 a
-- snapshot of each of networks' eleven index maps per statement. networks.project_id stays the
-- record; the store writes both in the same transaction.
CREATE TABLE network_owners (
    id         BIGINT PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
    project_id VARCHAR(64)
);
INSERT INTO network_owners (id, project_id) SELECT id, project_id FROM networks;
