package io.xenvlan.netnode.dataplane;

import io.xenvlan.netnode.exec.CommandResult;

/**
 * What a guest OS does from its VM's namespace once it has its lease: configure address and
 * default route, then ask the metadata service with curl or with cloud-init's own OpenStack
 * reader (Debian's cloud-init package, run by the system Python it installs into).
 */
public final class GuestShell {
    /** cloud-init's reader, printing what it read as JSON (instance id, host name, keys, user data, EC2 view, network). */
    private static final String CLOUD_INIT_READ = String.join("\n",
            "import json",
            "from cloudinit.sources.helpers import openstack",
            "r = openstack.MetadataReader('http://169.254.169.254', timeout=5, retries=1)",
            "d = r.read_v2()",
            "md = d['metadata']",
            "print(json.dumps({'instance_id': md['instance-id'], 'hostname': md['local-hostname'],",
            "  'public_keys': md.get('public_keys', {}), 'user_data': d['userdata'].decode('utf-8', 'replace'),",
            "  'ec2_instance_id': d['ec2-metadata'].get('instance-id'),",
            "  'ec2_keys': d['ec2-metadata'].get('public-keys', {}),",
            "  'network': openstack.convert_net_json(d.get('networkdata'))}, default=str))");

    private final DataPlane plane;
    private final String namespace;
    private final String device;

    public GuestShell(DataPlane plane, String namespace, String device) {
        this.plane = plane;
        this.namespace = namespace;
        this.device = device;
    }

    /** The lease's address on the interface and its router as default route. */
    public GuestShell configure(DhcpAnswer lease, int prefix) {
        plane.run("ip", "-n", namespace, "addr", "flush", "dev", device);
        plane.run("ip", "-n", namespace, "addr", "add", lease.ip() + "/" + prefix, "dev", device);
        plane.run("ip", "-n", namespace, "route", "replace", "default", "via", lease.router().toString(), "dev", device);
        return this;
    }

    /** Moves the interface to another address (a VM borrowing one), keeping the route. */
    public void readdress(String cidr, String router) {
        plane.run("ip", "-n", namespace, "addr", "flush", "dev", device);
        plane.run("ip", "-n", namespace, "addr", "add", cidr, "dev", device);
        plane.run("ip", "-n", namespace, "route", "replace", "default", "via", router, "dev", device);
    }

    /** {@code curl} of {@code url}: the HTTP status ("000" when nothing answered) and the body. */
    public HttpAnswer curl(String url) {
        CommandResult r = plane.attempt("ip", "netns", "exec", namespace, "curl", "-s", "-m", "4", "-w", "\n%{http_code}", url);
        String out = r.stdout();
        int cut = out.lastIndexOf('\n');
        return cut < 0 ? new HttpAnswer("000", "") : new HttpAnswer(out.substring(cut + 1).strip(), out.substring(0, cut));
    }

    /**
     * {@code dig +short} at {@code server} (one try, 2 s): the answers, one a line; empty when
     * nothing answered or the server refused.
     */
    public java.util.List<String> dig(String server, String... query) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("ip", "netns", "exec", namespace, "dig", "+short",
                "+time=2", "+tries=1", "@" + server));
        argv.addAll(java.util.List.of(query));
        return plane.attempt(argv.toArray(String[]::new)).stdout().lines().filter(l -> !l.startsWith(";;")).toList();
    }

    /** dig's status line for the query at {@code server} ({@code NOERROR}, {@code NXDOMAIN}, {@code REFUSED}), or "" when nothing answered. */
    public String digStatus(String server, String name) {
        return plane.attempt("ip", "netns", "exec", namespace, "dig", "+time=2", "+tries=1", "@" + server, name).stdout().lines()
                .filter(l -> l.contains("status: ")).map(l -> l.replaceAll(".*status: ([A-Z]+).*", "$1")).findFirst().orElse("");
    }

    /** Runs cloud-init's OpenStack metadata reader against 169.254.169.254 and returns its JSON. */
    public String cloudInitRead() {
        return plane.run("ip", "netns", "exec", namespace, "/usr/bin/python3", "-c", CLOUD_INIT_READ).stdout().strip();
    }

    /** @param status the HTTP status as curl printed it  @param body the body */
    public record HttpAnswer(String status, String body) {
    }
}
