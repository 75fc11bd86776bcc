-- Lets a project's first allocation find the free network with the lowest VLAN by an index
-- scan (H2 then locks only the row it takes, see Dialect.pickOrder).
CREATE INDEX ix_networks_free ON networks (project_id, vlan);
