-- Each fixed IP carries its network's owner, so an allocation finds a free address of its
-- project in one index scan, without reading the network first, and a disassociation (which
-- rewrites the column) is seen by any allocation racing it for the same row.
ALTER TABLE fixed_ips ADD COLUMN project_id VARCHAR(64);
UPDATE fixed_ips SET project_id = (SELECT n.project_id FROM networks n WHERE n.id = fixed_ips.network_id);
CREATE INDEX ix_fixed_ips_project_pick ON fixed_ips (project_id, allocated, address);
