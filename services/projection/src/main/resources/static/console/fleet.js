// Fleet overview: every cluster, filtered by product, status and version, a page at a time (cursor paging of
// GET /api/v1/clusters: the next page's cursor in X-Next-After); rows follow the live stream.
import {CLUSTER_STATUSES, badge, debounce, el, follow, frame, link, notice, clearNotice, query, read, table, time}
  from "./console.js";

const main = frame("Fleet");
if (main) start();

function start() {
  const params = query();
  const filters = {product: params.get("product") || "", status: params.get("status") || "",
    version: params.get("version") || "", limit: params.get("limit") || "25"};
  const form = el("form", {class: "filters", id: "filters"},
    el("label", {}, "product", el("input", {name: "product", id: "f-product", value: filters.product, size: 14})),
    el("label", {}, "status", el("select", {name: "status", id: "f-status"},
      el("option", {value: ""}, "any"),
      CLUSTER_STATUSES.map(s => el("option", {value: s, selected: s === filters.status}, s)))),
    el("label", {}, "version on a node", el("input", {name: "version", id: "f-version", value: filters.version,
      size: 8})),
    el("label", {}, "per page", el("select", {name: "limit", id: "f-limit"},
      ["10", "25", "100", "500"].map(n => el("option", {value: n, selected: n === filters.limit}, n)))),
    el("button", {type: "submit", id: "apply"}, "Filter"));
  const body = el("tbody", {id: "clusters"});
  const pageInfo = el("span", {id: "page-info"});
  const first = el("button", {type: "button", id: "first-page"}, "First page");
  const next = el("button", {type: "button", id: "next-page", disabled: true}, "Next page");
  main.append(form,
    el("table", {id: "fleet"}, el("thead", {}, el("tr", {}, ["cluster", "product", "status", "versions",
      "latest upgrade", "progress", "current stage", "new features", "manager", "updated"].map(h => el("th", {}, h)))),
    body),
    el("div", {class: "pager"}, first, next, pageInfo),
    el("h2", {}, "Live events"), el("div", {class: "events", id: "events"}));

  const pages = [null];   // the cursor of each page shown so far (null: the first)
  let nextCursor = null;
  const rows = new Map();

  form.addEventListener("submit", event => {
    event.preventDefault();
    const data = new FormData(form);
    const search = new URLSearchParams();
    for (const [key, value] of data) if (value) search.set(key, value);
    history.replaceState(null, "", "?" + search.toString());
    Object.assign(filters, Object.fromEntries(data));
    pages.length = 1;
    load().catch(notice);
  });
  first.addEventListener("click", () => { pages.length = 1; load().catch(notice); });
  next.addEventListener("click", () => { pages.push(nextCursor); load().catch(notice); });

  async function load() {
    clearNotice();
    const search = new URLSearchParams({limit: filters.limit});
    for (const key of ["product", "status", "version"]) if (filters[key]) search.set(key, filters[key]);
    const after = pages[pages.length - 1];
    if (after) search.set("after", after);
    const {body: clusters, headers} = await read("/api/v1/clusters?" + search);
    nextCursor = headers.get("X-Next-After");
    next.disabled = !nextCursor;
    first.disabled = pages.length === 1;
    pageInfo.textContent = "page " + pages.length + ", " + clusters.length + " cluster(s)"
      + (nextCursor ? ", more after " + nextCursor : "");
    rows.clear();
    body.replaceChildren(...clusters.map(cluster => {
      const row = el("tr", {"data-cluster": cluster.clusterId});
      rows.set(cluster.clusterId, row);
      fill(row, cluster, null);
      return row;
    }));
    if (!clusters.length) body.append(el("tr", {}, el("td", {colspan: 10}, "No cluster matches.")));
    await Promise.all(clusters.map(cluster => withUpgrade(cluster)));
  }

  async function withUpgrade(cluster) {
    const upgrades = cluster.upgrade && cluster.upgrade.upgradeId ? (await read("/api/v1/clusters/"
      + encodeURIComponent(cluster.clusterId) + "/upgrades?limit=1")).body.upgrades : [];
    const row = rows.get(cluster.clusterId);
    if (row) fill(row, cluster, upgrades[0] || null);
  }

  function fill(row, cluster, upgrade) {
    const cells = [link("cluster.html", {id: cluster.clusterId}, cluster.clusterId), cluster.product,
      badge(cluster.status), (cluster.versions || []).join(", ")];
    const latest = upgrade || cluster.upgrade;
    if (latest && latest.upgradeId) {
      cells.push(el("span", {}, link("upgrade.html", {cluster: cluster.clusterId, id: latest.upgradeId},
        latest.upgradeId), " → " + (latest.targetVersion || "") + " ", badge(latest.status)));
    } else {
      cells.push("—");
    }
    if (upgrade) {
      const steps = upgrade.counts.steps;
      const done = steps.succeeded + steps.skipped;
      const bar = el("span");
      bar.style.width = (steps.total ? Math.round(100 * done / steps.total) : 0) + "%";
      cells.push(el("span", {}, el("span", {class: "bar"}, bar), " " + done + "/" + steps.total),
        upgrade.current.stageDescription || "");
    } else {
      cells.push("", "");
    }
    cells.push(el("span", {class: "gate " + (cluster.newFeaturesAllowed ? "open" : "closed")},
      cluster.newFeaturesAllowed ? "allowed" : "blocked"),
      cluster.manager ? cluster.manager.managerId + " (epoch " + cluster.manager.epoch + ")" : "—",
      time(cluster.updatedAt));
    row.replaceChildren(...cells.map(cell => el("td", {}, cell)));
  }

  const refresh = new Map();
  const log = document.getElementById("events");
  load().then(() => follow("/api/v1/stream", (type, event, clusterId, streamId) => {
    log.prepend(el("div", {}, streamId + " " + time(event.occurredAt) + " " + clusterId + " " + type
      + (event.stepId ? " " + event.stepId : "") + (event.nodeId ? " " + event.nodeId : "")));
    while (log.childNodes.length > 200) log.lastChild.remove();
    if (!rows.has(clusterId)) return;
    if (!refresh.has(clusterId)) {
      refresh.set(clusterId, debounce(() => read("/api/v1/clusters/" + encodeURIComponent(clusterId))
        .then(({body}) => withUpgrade(body.cluster)).catch(notice), 250));
    }
    refresh.get(clusterId)();
  })).catch(notice);
}
