// One cluster: its nodes (by role when they have one) with version and state, the mixed-version gate, the manager,
// its upgrades; re-read live when one of its events arrives.
import {badge, debounce, el, follow, frame, link, moreFooter, notice, clearNotice, query, read, table, time}
  from "./console.js";

const clusterId = query().get("id") || "";
const main = frame("Cluster " + clusterId, [el("span", {}, clusterId)]);
if (main) start();

function start() {
  const facts = el("dl", {class: "facts", id: "facts"});
  const gate = el("div", {id: "gate"});
  const nodes = el("div", {id: "nodes"});
  const groups = el("div", {id: "groups"});
  const upgrades = el("div", {id: "upgrades"});
  const moreUpgrades = el("button", {type: "button", id: "more-upgrades", hidden: true}, "Older upgrades");
  main.append(el("p", {}, link("history.html", {cluster: clusterId}, "History and time travel")),
    el("div", {class: "columns"}, el("div", {}, el("h2", {}, "Cluster"), facts),
      el("div", {}, el("h2", {}, "Mixed-version window and new features"), gate)),
    el("h2", {}, "Nodes"), nodes, el("h2", {}, "Discovery groups and their managers"), groups,
    el("h2", {}, "Upgrades"), upgrades, moreUpgrades);

  let upgradesAfter = null;
  let shownNodes = [];
  let nodeCount = 0;

  async function moreNodes(after) {
    const {body} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/nodes?after="
      + encodeURIComponent(after));
    shownNodes = shownNodes.concat(body.nodes || []);
    drawNodes(shownNodes, body.next);
  }

  async function load() {
    clearNotice();
    const {body} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId));
    const cluster = body.cluster;
    facts.replaceChildren(...[
      ["product", cluster.product], ["status", badge(cluster.status)], ["version", cluster.version],
      ["versions on nodes", (cluster.versions || []).join(", ")], ["schema", cluster.schemaVersion],
      ["labels", el("span", {id: "labels"}, Object.entries(cluster.labels || {}).map(([key, value]) => key + "=" + value)
        .join(", ") || "none")],
      ["nodes", cluster.nodeCount], ["manager", cluster.manager ? el("span", {id: "manager"},
        cluster.manager.managerId + " (epoch " + cluster.manager.epoch + ")") : el("span", {id: "manager"}, "none")],
      ["registered", time(cluster.registeredAt)], ["last event", "#" + cluster.lastSequence + " at "
        + time(cluster.updatedAt)], ["retired", cluster.retired ? "yes" : "no"]]
      .flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
    const open = cluster.newFeaturesAllowed;
    const upgrade = cluster.upgrade && cluster.upgrade.upgradeId ? cluster.upgrade : null;
    gate.replaceChildren(...[
      el("p", {}, el("span", {class: "gate " + (open ? "open" : "closed"), id: "feature-gate"},
        open ? "New-version features allowed" : "New-version features blocked")),
      el("p", {}, cluster.mixedVersionWindow
        ? "Mixed-version window open: " + ((cluster.versions || []).length > 1 ? "the nodes run "
          + cluster.versions.join(" and ") : "every node runs " + (cluster.versions || []).join(", ")
          + ", the upgrade is not finalized")
          + (upgrade && upgrade.status === "COMPLETED" ? "; finalize upgrade " + upgrade.upgradeId
            + " to close it." : ".")
        : "No mixed-version window: every node runs " + (cluster.versions || []).join(", ") + "."),
      upgrade ? el("p", {}, "Latest upgrade: ", link("upgrade.html", {cluster: clusterId, id: upgrade.upgradeId},
        upgrade.upgradeId), " → " + upgrade.targetVersion + " ", badge(upgrade.status)) : null].filter(Boolean));
    // a large cluster's nodes come in pages: the first page, and a button for each next one
    // as many nodes as were shown before this read (the pages asked for with "More nodes")
    const wanted = shownNodes.length;
    shownNodes = body.nodes || [];
    nodeCount = cluster.nodeCount;
    let next = body.next;
    while (next && shownNodes.length < wanted) {
      const {body: page} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/nodes?after="
        + encodeURIComponent(next));
      shownNodes = shownNodes.concat(page.nodes || []);
      next = page.next;
    }
    drawNodes(shownNodes, next);
    await loadGroups();
    upgradesAfter = null;
    upgrades.replaceChildren();
    await loadUpgrades();
  }

  function drawNodes(list, next) {
    drawNodeTables(list);
    const footer = moreFooter("more-nodes", list.length, nodeCount, next, "nodes",
      () => moreNodes(next).catch(notice));
    if (footer) nodes.append(footer);
  }

  function drawNodeTables(list) {
    const hasRoles = list.some(node => node.role);
    const headings = ["node", "role", "group", "address", "version", "state", "last step", "updated"]
      .filter(h => hasRoles || h !== "role");
    const row = node => el("tr", {"data-node": node.nodeId}, [node.nodeId, hasRoles ? node.role || "—" : undefined,
      node.group || "—", node.address, node.version, badge(node.state),
      node.lastStepId ? el("span", {}, link("upgrade.html", {cluster: clusterId, id: node.lastUpgradeId},
        node.lastUpgradeId), " " + node.lastStepId + " " + node.lastAction + " ", badge(node.lastStepStatus)) : "—",
      time(node.updatedAt)].filter(cell => cell !== undefined).map(cell => el("td", {}, cell)));
    if (!hasRoles) {
      nodes.replaceChildren(table(headings, list.map(row), {id: "node-table"}));
      return;
    }
    const roles = [...new Set(list.map(node => node.role || "(no role)"))];
    nodes.replaceChildren(...roles.flatMap(role => [el("h3", {class: "role"}, role + " nodes"),
      table(headings, list.filter(node => (node.role || "(no role)") === role).map(row),
        {class: "node-table", "data-role": role})]));
  }

  // One manager per discovery group (Replicante live move): this cluster's groups, and other clusters' it manages.
  async function loadGroups() {
    const {body} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/groups");
    const row = group => el("tr", {"data-group": group.homeClusterId + "/" + group.group},
      [group.homeClusterId, group.group, group.managerClusterId || "nobody (moving)", String(group.epoch),
        group.upgradeId ? group.upgradeId + " " + (group.stepId || "") : "—", group.changedAt ? time(group.changedAt)
          : "—"].map(cell => el("td", {}, cell)));
    const headings = ["home cluster", "group", "managed by", "epoch", "changed by", "changed"];
    groups.replaceChildren(table(headings, [...body.groups, ...body.managing].map(row), {id: "group-table"}));
  }

  async function loadUpgrades() {
    const search = new URLSearchParams({limit: "10"});
    if (upgradesAfter) search.set("after", upgradesAfter);
    const {body} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/upgrades?" + search);
    upgradesAfter = body.next;
    moreUpgrades.hidden = !body.next;
    if (!body.upgrades.length && !upgrades.childNodes.length) {
      upgrades.append(el("p", {}, "No upgrade yet."));
      return;
    }
    upgrades.append(table(["upgrade", "status", "from → to", "strategy", "requested", "by", "steps", "reason"],
      body.upgrades.map(u => [link("upgrade.html", {cluster: clusterId, id: u.upgradeId}, u.upgradeId),
        badge(u.status), (u.fromVersion || "?") + " → " + u.targetVersion, u.strategy,
        time(u.timestamps.requestedAt), u.requestedBy,
        (u.counts.steps.succeeded + u.counts.steps.skipped) + "/" + u.counts.steps.total, u.statusReason || ""])));
  }

  moreUpgrades.addEventListener("click", () => loadUpgrades().catch(notice));
  const reload = debounce(() => load().catch(notice), 300);
  load().then(() => follow("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/stream", () => reload()))
    .catch(notice);
}
