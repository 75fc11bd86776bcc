// xenvlan dashboard: reads only the public REST API (/v1) with a bearer token kept in this tab.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  let token = null;

  function initToken() {
    const m = location.hash.match(/token=([A-Za-z0-9_\-]+)/);
    if (m) {
      sessionStorage.setItem("xenvlan-token", m[1]);
      history.replaceState(null, "", location.pathname);
    }
    token = sessionStorage.getItem("xenvlan-token");
  }

  async function api(path, optional) {
    const r = await fetch(path, { headers: { "Authorization": "Bearer " + token, "Accept": "application/json" } });
    if (optional && r.status === 404) return null;
    if (!r.ok) {
      let msg = r.status + "";
      try { msg = (await r.json()).message || msg; } catch (e) { /* not JSON */ }
      const err = new Error(msg); err.status = r.status; throw err;
    }
    return r.json();
  }

  async function all(path, optional) {
    const items = [];
    let offset = 0;
    for (;;) {
      const sep = path.includes("?") ? "&" : "?";
      const page = await api(path + sep + "limit=1000&offset=" + offset, optional);
      if (page === null) return null;
      items.push(...page.items);
      if (page.next_offset === null || page.next_offset === undefined) return items;
      offset = page.next_offset;
    }
  }

  // a VM uuid is shown by its first 8 characters (as xe does), other ids cut at 18
  const shortVm = (vm) => /^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(vm) ? vm.slice(0, 8) + "…" : (vm.length > 19 ? vm.slice(0, 18) + "…" : vm);
  const color = (vlan) => "hsl(" + ((vlan * 47) % 360) + ", 62%, 44%)";
  // a VM by its name when the pool told it, else by its uuid; the uuid is always on hover
  const vmLabel = (v) => v.name ? (v.name.length > 19 ? v.name.slice(0, 18) + "…" : v.name) : shortVm(v.vm);
  // a network with a project that no network node claimed: nobody answers its DHCP
  const unserved = (n) => Boolean(n.project) && !n.host;
  const WARN = "#b45309";
  // an attach time: the time alone for today's, with the date otherwise (the full timestamp on hover)
  const when = (iso) => {
    const d = new Date(iso);
    return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
  };

  function el(tag, attrs, parent, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function td(tr, text, cls) {
    const c = document.createElement("td");
    if (text instanceof Node) c.appendChild(text); else c.textContent = text === null || text === undefined ? "—" : text;
    if (cls) c.className = cls;
    tr.appendChild(c);
    return c;
  }

  // VMs: from VIFs when the compute side is there, else from the addresses in use; each with its floating IP, if any,
  // and its name from the pools' inventories (names: "pool/uuid" -> name).
  function machines(vifs, addresses, networks, floatingIps, names) {
    const byId = new Map(networks.map((n) => [n.id, n]));
    const fipOf = new Map((floatingIps || []).filter((f) => f.fixed_address).map((f) => [f.fixed_address, f.address]));
    if (vifs) {
      return vifs.map((v) => ({ vm: v.vm || v.vm_uuid || v.instance, address: v.address, fip: fipOf.get(v.address) || null,
        mac: v.mac, vlan: v.vlan, pool: v.pool, at: v.created_at || "", name: names.get(v.pool + "/" + (v.vm || v.vm_uuid)) || null }));
    }
    return addresses.filter((a) => a.allocated && a.instance).map((a) => ({ vm: a.instance, address: a.address,
      fip: fipOf.get(a.address) || null, mac: a.mac, vlan: (byId.get(a.network_id) || {}).vlan, pool: null, at: "", name: null }));
  }

  function drawTopology(pools, networks, vms) {
    const svg = $("topology");
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const shown = networks.filter((n) => n.project);
    const colW = 172, maxVms = 6, vmH = 30;
    const nodes = [...new Set(shown.map((n) => n.host).filter(Boolean))];
    const hostsOf = (p) => (p.hosts || []).map((h) => typeof h === "string" ? h : (h.name || h.hostname));
    const tops = (pools || []).reduce((a, p) => a + Math.max(1, hostsOf(p).length), 0) + nodes.length;
    const width = Math.max(960, shown.length * colW + 40, tops * 150 + 60);
    const vmRows = Math.min(maxVms + 1, Math.max(1, ...shown.map((n) => Math.max(vms.filter((v) => v.vlan === n.vlan).length,
      n.usage ? n.usage.allocated : 0))));
    const trunkY = 132, netY = 178, vmY = 262;
    const height = vmY + vmRows * (vmH + 8) + 34;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);

    // pools and their hosts, then the network nodes, above the trunk
    let x = 20;
    (pools || []).forEach((p) => {
      const members = hostsOf(p);
      const w = Math.max(members.length * 140 + 20, 220);
      const g = el("g", { "class": p.error ? "pool unreachable" : "pool", "data-pool": p.name }, svg);
      el("rect", { x, y: 12, width: w, height: 88, rx: 10, fill: p.error ? "#fef2f2" : "#eef2ff", stroke: p.error ? "#dc2626" : "#c7d2fe" }, g);
      el("text", { x: x + 12, y: 30, "font-size": 12, fill: p.error ? "#b91c1c" : "#4338ca", "font-weight": 600 }, g, "pool " + p.name);
      if (p.error) {
        el("text", { x: x + 12, y: 58, "font-size": 12, fill: "#b91c1c", "font-weight": 600 }, g, "cannot be reached");
        el("text", { x: x + 12, y: 76, "font-size": 10, fill: "#b91c1c" }, g, p.error.code);
        el("title", {}, g, p.error.message);
      }
      members.forEach((name, i) => {
        const hx = x + 10 + i * 140;
        const hg = el("g", { "class": "host", "data-host": name }, g);
        el("line", { x1: hx + 60, y1: 86, x2: hx + 60, y2: trunkY, stroke: "#6366f1", "stroke-width": 2 }, hg);
        el("rect", { x: hx, y: 40, width: 120, height: 46, rx: 8, fill: "#fff", stroke: "#818cf8" }, hg);
        el("text", { x: hx + 60, y: 60, "text-anchor": "middle", "font-size": 12, "font-weight": 600 }, hg, name);
        el("text", { x: hx + 60, y: 76, "text-anchor": "middle", "font-size": 10, fill: "#6b7685" }, hg, "XenServer host");
      });
      x += w + 20;
    });
    nodes.forEach((name) => {
      const g = el("g", { "class": "netnode", "data-node": name }, svg);
      el("line", { x1: x + 65, y1: 86, x2: x + 65, y2: trunkY, stroke: "#059669", "stroke-width": 2 }, g);
      el("rect", { x, y: 40, width: 130, height: 46, rx: 8, fill: "#ecfdf5", stroke: "#10b981" }, g);
      el("text", { x: x + 65, y: 60, "text-anchor": "middle", "font-size": 12, "font-weight": 600 }, g, name);
      el("text", { x: x + 65, y: 76, "text-anchor": "middle", "font-size": 10, fill: "#047857" }, g, "network node · dnsmasq");
      x += 150;
    });

    if (tops === 0) {
      const g = el("g", { "class": "no-pools" }, svg);
      el("rect", { x: 20, y: 40, width: 330, height: 46, rx: 8, fill: "#f9fafb", stroke: "#d1d5db", "stroke-dasharray": "5 4" }, g);
      el("text", { x: 36, y: 60, "font-size": 12, fill: "#6b7685", "font-weight": 600 }, g, "No pool or network node yet");
      el("text", { x: 36, y: 76, "font-size": 11, fill: "#9ca3af" }, g, "xenvlan pool add · xenvlan server --roles netnode");
    }
    el("line", { x1: 10, y1: trunkY, x2: width - 10, y2: trunkY, stroke: "#374151", "stroke-width": 4, "stroke-linecap": "round" }, svg);
    el("text", { x: width - 14, y: trunkY - 8, "text-anchor": "end", "font-size": 11, fill: "#6b7685" }, svg, "802.1Q trunk");

    shown.forEach((n, i) => {
      const nx = 20 + i * colW;
      const c = color(n.vlan);
      const mine = vms.filter((v) => v.vlan === n.vlan);
      const count = Math.max(mine.length, n.usage ? n.usage.allocated : 0);
      const g = el("g", { "class": "vlan", "data-vlan": n.vlan, "data-network": n.label, "data-vms": count,
        "data-served": !unserved(n) }, svg);
      el("line", { x1: nx + 76, y1: trunkY, x2: nx + 76, y2: netY, stroke: c, "stroke-width": 3 }, g);
      el("rect", { x: nx, y: netY, width: 152, height: 56, rx: 10, fill: c }, g);
      if (unserved(n)) {
        el("rect", { x: nx - 3, y: netY - 3, width: 158, height: 62, rx: 12, fill: "none", stroke: WARN, "stroke-width": 3,
          "stroke-dasharray": "6 3" }, g);
        el("text", { x: nx + 76, y: netY + 72, "text-anchor": "middle", "font-size": 11, fill: WARN, "font-weight": 700,
          "class": "unserved" }, g, "not served · no DHCP");
      }
      el("text", { x: nx + 76, y: netY + 20, "text-anchor": "middle", "font-size": 13, fill: "#fff", "font-weight": 700 }, g,
        "VLAN " + n.vlan + " · " + n.bridge);
      el("text", { x: nx + 76, y: netY + 36, "text-anchor": "middle", "font-size": 11, fill: "#fff" }, g, n.cidr);
      el("text", { x: nx + 76, y: netY + 50, "text-anchor": "middle", "font-size": 10, fill: "#f1f5f9" }, g, "project " + n.project);
      mine.slice(0, maxVms).forEach((v, j) => {
        const vy = vmY + j * (vmH + 8) + (unserved(n) ? 10 : 0);
        const vg = el("g", { "class": "vm", "data-vm": v.vm, "data-vlan": n.vlan, "data-fip": v.fip || "" }, g);
        el("title", {}, vg, v.vm);
        el("path", { d: "M" + (nx + 12) + " " + (netY + 56) + " V" + (vy + vmH / 2) + " H" + (nx + 20), fill: "none", stroke: c, "stroke-width": 1.5 }, vg);
        el("rect", { x: nx + 20, y: vy, width: 132, height: vmH, rx: 6, fill: "#fff", stroke: c }, vg);
        el("text", { x: nx + 28, y: vy + 13, "font-size": 11, "font-weight": 600, "class": "vm-name" }, vg, vmLabel(v));
        // the floating IP beside the fixed one, in the VM's box
        const at = el("text", { x: nx + 28, y: vy + 25, "font-size": v.fip ? 9 : 10, fill: "#6b7685" }, vg, v.address || "");
        if (v.fip) {
          el("tspan", { fill: "#b45309", "class": "fip" }, at, " ⇄ " + v.fip);
        }
      });
      if (count > Math.min(mine.length, maxVms)) {
        el("text", { x: nx + 28, y: vmY + Math.min(mine.length, maxVms) * (vmH + 8) + 14, "font-size": 11, fill: "#6b7685", "class": "more" }, g,
          "+" + (count - Math.min(mine.length, maxVms)) + " more");
      }
    });
    if (shown.length === 0) {
      el("text", { x: 20, y: netY + 30, "font-size": 13, fill: "#6b7685" }, svg, "No network has a project yet.");
    }
    const free = networks.length - shown.length;
    el("text", { x: 20, y: height - 8, "font-size": 11, fill: "#6b7685", "class": "free-networks" }, svg,
      free + " free network" + (free === 1 ? "" : "s") + " not shown");
  }

  function drawNetworks(networks) {
    const body = $("networks").tBodies[0];
    body.innerHTML = "";
    networks.forEach((n) => {
      const u = n.usage || { total: 0, reserved: 0, allocated: 0, released: 0, free: 0 };
      const capacity = u.total - u.reserved;
      const inUse = u.allocated + u.released;
      const tr = document.createElement("tr");
      tr.dataset.network = n.label;
      td(tr, n.label);
      const chip = document.createElement("span");
      chip.className = "vlan-chip"; chip.style.background = color(n.vlan); chip.textContent = n.vlan;
      td(tr, chip);
      td(tr, n.cidr);
      td(tr, n.project, n.project ? "" : "muted");
      tr.dataset.served = !unserved(n);
      if (unserved(n)) td(tr, "not served (no DHCP)", "unserved"); else td(tr, n.host, n.host ? "" : "muted");
      const cell = document.createElement("div");
      const bar = document.createElement("div");
      bar.className = "bar";
      const used = document.createElement("div");
      used.className = "used";
      used.style.width = (capacity > 0 ? (100 * inUse / capacity) : 0).toFixed(2) + "%";
      if (inUse > 0) used.style.minWidth = "4px";
      bar.appendChild(used);
      const label = document.createElement("div");
      label.className = "bar-label";
      label.dataset.inUse = inUse; label.dataset.capacity = capacity; label.dataset.free = u.free;
      label.textContent = inUse + " of " + capacity + " in use · " + u.free + " free";
      cell.append(bar, label);
      td(tr, cell);
      body.appendChild(tr);
    });
  }

  // the network nodes (GET /v1/nodes, admin only: hidden for a project token), each with its lease and networks
  function drawNodes(nodes) {
    $("nodes-section").hidden = nodes === null;
    if (nodes === null) return;
    const body = $("nodes").tBodies[0];
    body.innerHTML = "";
    nodes.nodes.forEach((n) => {
      const tr = document.createElement("tr");
      tr.dataset.node = n.node;
      td(tr, n.node);
      const state = n.alive === undefined ? "no lease" : (n.alive ? (n.draining ? "draining" : (n.away ? "away" : "alive")) : "expired");
      td(tr, state, "node-state " + state.replace(" ", "-"));
      const age = td(tr, n.lease_age_ms === undefined ? null : (n.lease_age_ms / 1000).toFixed(1) + " s of " + (n.lease_ms / 1000) + " s",
        n.lease_age_ms === undefined ? "muted" : "lease-age");
      if (n.lease_age_ms !== undefined) age.dataset.leaseAgeMs = n.lease_age_ms;
      const nets = n.networks.map((x) => x.label + " (VLAN " + x.vlan + ")").join(", ");
      const cell = td(tr, nets || "none", nets ? "node-networks" : "muted node-networks");
      cell.dataset.vlans = n.networks.map((x) => x.vlan).join(",");
      body.appendChild(tr);
    });
    if (nodes.unclaimed.length > 0) {
      const tr = document.createElement("tr");
      tr.dataset.node = "";
      td(tr, "no node", "unserved"); td(tr, "not served (no DHCP)", "unserved"); td(tr, null, "muted");
      td(tr, nodes.unclaimed.map((x) => x.label + " (VLAN " + x.vlan + ")").join(", "), "node-networks");
      body.appendChild(tr);
    }
  }

  async function nodesOrNull() {
    try {
      return await api("/v1/nodes", true);
    } catch (e) {
      if (e.status === 403) return null;
      throw e;
    }
  }

  function drawAttaches(vms) {
    const body = $("attaches").tBodies[0];
    body.innerHTML = "";
    const recent = vms.slice().sort((a, b) => (b.at || "").localeCompare(a.at || "")).slice(0, 12);
    recent.forEach((v) => {
      const tr = document.createElement("tr");
      td(tr, vmLabel(v), "vm-name").title = v.vm;
      td(tr, v.address); td(tr, v.fip, v.fip ? "fip" : "muted"); td(tr, v.mac); td(tr, v.vlan);
      const at = td(tr, v.at ? when(v.at) : null, v.at ? "attached-at" : "muted");
      if (v.at) { at.dataset.at = v.at; at.title = v.at; }
      body.appendChild(tr);
    });
    if (recent.length === 0) {
      const tr = document.createElement("tr"); td(tr, "no VM attached yet", "muted"); body.appendChild(tr);
    }
  }

  function drawSummary(pools, networks, vms) {
    const s = $("summary");
    s.innerHTML = "";
    const free = networks.reduce((a, n) => a + (n.usage ? n.usage.free : 0), 0);
    const stats = [["pools", pools ? pools.length : 0], ["networks", networks.length],
      ["assigned", networks.filter((n) => n.project).length], ["VMs", new Set(vms.map((v) => v.pool + "/" + v.vm)).size],
      ["free addresses", free]];
    stats.forEach(([name, value]) => {
      const d = document.createElement("div");
      d.className = "stat"; d.dataset.stat = name;
      const b = document.createElement("b"); b.textContent = value;
      const sp = document.createElement("span"); sp.textContent = name;
      d.append(b, sp); s.appendChild(d);
    });
  }

  // VM names ("pool/uuid" -> name) from the inventories of the pools that answered; a project token may not
  // read them (403) and a pool may fail in between: its VMs then stay shown by uuid.
  async function vmNames(pools) {
    const names = new Map();
    await Promise.all((pools || []).filter((p) => !p.error).map(async (p) => {
      try {
        (await all("/v1/pools/" + encodeURIComponent(p.name) + "/vms")).forEach((vm) => names.set(p.name + "/" + vm.uuid, vm.name));
      } catch (e) { /* shown by uuid */ }
    }));
    return names;
  }

  function drawPoolErrors(pools) {
    const box = $("pool-errors");
    box.innerHTML = "";
    (pools || []).filter((p) => p.error).forEach((p) => {
      const d = document.createElement("div");
      d.className = "pool-error"; d.dataset.pool = p.name;
      const b = document.createElement("b"); b.textContent = "pool " + p.name + " cannot be reached: ";
      d.append(b, p.error.message);
      box.appendChild(d);
    });
    box.hidden = !box.firstChild;
  }

  // The addresses are read only when the VIF listing is missing.
  async function refresh() {
    try {
      const [networks, pools, vifs, floatingIps, nodes] = await Promise.all([all("/v1/networks"), all("/v1/pools?hosts=true", true),
        all("/v1/vifs", true), all("/v1/floating-ips", true), nodesOrNull()]);
      const addresses = vifs === null ? await all("/v1/addresses") : [];
      const vms = machines(vifs, addresses, networks, floatingIps, vifs === null ? new Map() : await vmNames(pools));
      drawPoolErrors(pools);
      drawSummary(pools, networks, vms);
      drawTopology(pools, networks, vms);
      drawNetworks(networks);
      drawNodes(nodes);
      drawAttaches(vms);
      $("main").hidden = false;
      $("login").hidden = true;
      $("status").textContent = "loaded " + new Date().toLocaleTimeString();
      $("status").dataset.state = "loaded";
    } catch (e) {
      $("status").textContent = "error: " + e.message;
      $("status").dataset.state = "error";
      if (e.status === 401) { sessionStorage.removeItem("xenvlan-token"); showLogin(); }
    }
  }

  function showLogin() {
    $("login").hidden = false;
    $("main").hidden = true;
  }

  $("login").addEventListener("submit", (ev) => {
    ev.preventDefault();
    token = $("token").value.trim();
    sessionStorage.setItem("xenvlan-token", token);
    refresh();
  });

  initToken();
  if (!token) { showLogin(); $("status").textContent = "no token"; }
  else { refresh(); setInterval(refresh, 10000); }
})();
