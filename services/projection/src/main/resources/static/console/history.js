// A cluster's history, filtered by event type, time, node and upgrade, a page at a time; and time travel: a slider
// over the cluster's lifetime showing its state as of any moment (GET /api/v1/clusters/{id}/state?at=|sequence=).
import {EVENT_TYPES, badge, debounce, el, follow, frame, link, moreFooter, notice, clearNotice, query, read, table,
  time} from "./console.js";

const params = query();
const clusterId = params.get("cluster") || "";
const main = frame("History of " + clusterId, [link("cluster.html", {id: clusterId}, clusterId),
  el("span", {}, "history")]);
if (main) start();

function localInput(iso) {
  return iso ? new Date(iso).toISOString().substring(0, 19) : "";
}

function start() {
  const typeSelect = el("select", {name: "type", id: "f-type", multiple: true, size: 4},
    EVENT_TYPES.map(type => el("option", {value: type, selected: params.getAll("type").includes(type)}, type)));
  const form = el("form", {class: "filters", id: "filters"},
    el("label", {}, "event types", typeSelect),
    el("label", {}, "from (UTC)", el("input", {type: "datetime-local", step: 1, name: "from", id: "f-from",
      value: localInput(params.get("from"))})),
    el("label", {}, "to (UTC)", el("input", {type: "datetime-local", step: 1, name: "to", id: "f-to",
      value: localInput(params.get("to"))})),
    el("label", {}, "node", el("input", {name: "nodeId", id: "f-node", size: 12, value: params.get("nodeId") || ""})),
    el("label", {}, "upgrade", el("input", {name: "upgradeId", id: "f-upgrade", size: 10,
      value: params.get("upgradeId") || ""})),
    el("label", {}, "per page", el("select", {name: "limit", id: "f-limit"},
      ["5", "20", "100", "500"].map(n => el("option", {value: n, selected: n === (params.get("limit") || "20")}, n)))),
    el("button", {type: "submit", id: "apply"}, "Filter"));
  const body = el("div", {id: "history"});
  const first = el("button", {type: "button", id: "first-page"}, "First page");
  const next = el("button", {type: "button", id: "next-page", disabled: true}, "Next page");
  const pageInfo = el("span", {id: "page-info"});

  const slider = el("input", {type: "range", id: "time-slider", min: 0, max: 1, step: 1, value: 1});
  const sequence = el("input", {type: "number", id: "time-sequence", min: 0, size: 6});
  const at = el("span", {id: "time-at", class: "mono"});
  const state = el("div", {id: "time-state"});
  const button = (id, text) => el("button", {type: "button", id}, text);
  const toStart = button("time-start", "« registration");
  const back = button("time-back", "◀ event");
  const forward = button("time-forward", "event ▶");
  const toEnd = button("time-end", "now »");

  main.append(el("h2", {}, "Time travel"),
    el("div", {class: "slider"}, toStart, back, slider, forward, toEnd),
    el("div", {class: "slider"}, "as of ", at, el("label", {for: "time-sequence"}, " event #"), sequence),
    state,
    el("h2", {}, "Events"), form, body, el("div", {class: "pager"}, first, next, pageInfo));

  // ---- history
  const pages = [-1];
  let nextCursor = null;

  function filters() {
    const data = new FormData(form);
    const search = new URLSearchParams();
    for (const type of data.getAll("type")) search.append("type", type);
    for (const key of ["from", "to"]) {
      if (data.get(key)) search.set(key, new Date(data.get(key) + "Z").toISOString());
    }
    for (const key of ["nodeId", "upgradeId", "limit"]) if (data.get(key)) search.set(key, data.get(key).trim());
    return search;
  }

  async function loadHistory() {
    clearNotice();
    const search = filters();
    const after = pages[pages.length - 1];
    if (after >= 0) search.set("after", after);
    const {body: page} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/history?" + search);
    nextCursor = page.next;
    next.disabled = page.next === null;
    first.disabled = pages.length === 1;
    pageInfo.textContent = "page " + pages.length + ", " + page.events.length + " event(s)"
      + (page.next !== null ? ", more after #" + page.next : "");
    body.replaceChildren(table(["#", "time", "event", "actor", "upgrade", "node", "step", "payload", ""],
      page.events.map(e => {
        const show = el("button", {type: "button", class: "as-of", "data-sequence": e.sequence}, "state then");
        show.addEventListener("click", () => travel("sequence=" + e.sequence).catch(notice));
        return el("tr", {"data-sequence": e.sequence, "data-type": e.eventType}, [e.sequence, time(e.occurredAt),
          e.eventType, e.actor || "", e.upgradeId ? link("upgrade.html", {cluster: clusterId, id: e.upgradeId},
            e.upgradeId) : "", e.nodeId || "", e.stepId || "",
          el("details", {}, el("summary", {}, "payload"), el("pre", {}, JSON.stringify(e.payload, null, 1))), show]
          .map(cell => el("td", {}, cell)));
      }), {id: "history-table"}));
    if (!page.events.length) body.append(el("p", {}, "No event matches."));
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    const search = filters();
    search.set("cluster", clusterId);
    history.replaceState(null, "", "?" + search.toString());
    pages.length = 1;
    loadHistory().catch(notice);
  });
  first.addEventListener("click", () => { pages.length = 1; loadHistory().catch(notice); });
  next.addEventListener("click", () => { pages.push(Number(nextCursor)); loadHistory().catch(notice); });

  // ---- time travel
  let current = null;      // the state shown
  let lastSequence = 0;

  async function travel(question) {
    const {body: answer} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/state?" + question);
    current = answer.state;
    const moment = answer.asOf.at ? answer.asOf.at : current.lastEventAt;
    slider.value = String(Math.min(Number(slider.max), Math.max(Number(slider.min), Date.parse(moment))));
    at.textContent = time(moment) + " (after event #" + current.lastSequence + " " + current.lastEventType + " of "
      + time(current.lastEventAt) + ")";
    sequence.value = String(current.lastSequence);
    back.disabled = current.lastSequence === 0;
    forward.disabled = current.lastSequence >= lastSequence;
    const u = current.upgrade;
    state.replaceChildren(el("dl", {class: "facts", id: "time-facts"}, [
      ["version", current.version], ["versions on nodes", (current.versions || []).join(", ")],
      ["schema", current.schemaVersion],
      ["upgrade", u ? el("span", {}, link("upgrade.html", {cluster: clusterId, id: u.upgradeId}, u.upgradeId),
        " " + (u.fromVersion || "?") + " → " + u.targetVersion + " ", badge(u.status),
        u.runningSteps && u.runningSteps.length ? " running: " + u.runningSteps.map(s => s.stepId + " " + s.action
          + " " + (s.nodeId || "")).join(", ") : "") : "none"],
      ["mixed-version window", current.mixedVersionWindow ? "open" : "closed"],
      ["manager", current.manager ? current.manager.managerId + " (epoch " + current.manager.epoch + ")" : "none"],
      ["retired", current.retired ? "yes" : "no"]].flatMap(([n, v]) => [el("dt", {}, n), el("dd", {}, v)])),
      timeNodes(current.nodes), ...[nodesFooter(current.nodes, current.next)].filter(Boolean));
  }

  // a large cluster's past state comes with a page of its nodes: a button reads the next page of the same state
  function nodesFooter(shown, next) {
    return moreFooter("more-time-nodes", shown.length, current.nodeCount, next, "nodes", async () => {
      try {
        const {body: page} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/state?sequence="
          + current.lastSequence + "&after=" + encodeURIComponent(next));
        const all = shown.concat(page.state.nodes);
        state.querySelector("#time-nodes").replaceWith(timeNodes(all));
        const footer = nodesFooter(all, page.state.next);
        state.querySelector(".more").replaceWith(...[footer].filter(Boolean));
      } catch (error) {
        notice(error);
      }
    });
  }

  function timeNodes(nodes) {
    const roles = nodes.some(n => n.role);
    return table(["node", ...(roles ? ["role"] : []), "group", "address", "version", "state"],
      nodes.map(n => [n.nodeId, ...(roles ? [n.role || "—"] : []), n.group || "—", n.address, n.version,
        badge(n.state)]), {id: "time-nodes"});
  }

  const slide = debounce(() => travel("at=" + encodeURIComponent(new Date(Number(slider.value)).toISOString()))
    .catch(notice), 150);
  slider.addEventListener("input", slide);
  sequence.addEventListener("change", () => travel("sequence=" + Number(sequence.value)).catch(notice));
  toStart.addEventListener("click", () => travel("sequence=0").catch(notice));
  back.addEventListener("click", () => travel("sequence=" + Math.max(0, current.lastSequence - 1)).catch(notice));
  forward.addEventListener("click", () => travel("sequence=" + (current.lastSequence + 1)).catch(notice));
  toEnd.addEventListener("click", () => travel("sequence=" + lastSequence).catch(notice));

  async function startTravel() {
    const {body} = await read("/api/v1/clusters/" + encodeURIComponent(clusterId));
    lastSequence = body.cluster.lastSequence;
    slider.min = String(Date.parse(body.cluster.registeredAt));
    slider.max = String(Math.max(Date.parse(body.cluster.updatedAt), Number(slider.min) + 1));
    sequence.max = String(lastSequence);
    const sequenceAsked = params.get("sequence");
    await travel(sequenceAsked !== null ? "sequence=" + Number(sequenceAsked) : "sequence=" + lastSequence);
  }

  // new events lengthen the time line: the slider reaches them, "event ▶" and "now" go to them
  function arrived(type, event) {
    lastSequence = Math.max(lastSequence, event.sequence);
    slider.max = String(Math.max(Number(slider.max), Date.parse(event.occurredAt)));
    sequence.max = String(lastSequence);
    if (current) forward.disabled = current.lastSequence >= lastSequence;
  }

  startTravel().then(loadHistory)
    .then(() => follow("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/stream", arrived)).catch(notice);
}
