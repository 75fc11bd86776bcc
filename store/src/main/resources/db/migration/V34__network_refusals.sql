-- Why the serving network node does not serve a network (it is full), for the attach to say at once.
ALTER TABLE network_publications ADD COLUMN refusal VARCHAR(500);
