-- A network's own DNS domain (network create --dns-domain; io.xenvlan.core.value.DnsDomain): its
-- VMs' names are <hostname>.<dns_domain>. NULL: the network node's default, <label>.<netnode.dns-domain>.
ALTER TABLE networks ADD COLUMN dns_domain VARCHAR(253);
