// One fleet upgrade: its waves with each cluster's state and own upgrade, the failure budget, why it halted and when
// it is expected to end, live from the fleet's stream (every fleet event re-reads the fleet). Without ?id=, the fleet
// upgrades a page at a time.
import {FLEET_EVENT_TYPES, badge, debounce, el, follow, frame, link, notice, clearNotice, query, read, table, time}
  from "./console.js";

const fleetId = query().get("id") || "";
const main = fleetId ? frame("Fleet upgrade " + fleetId, [el("span", {}, fleetId)]) : frame("Fleet upgrades");
if (main) (fleetId ? start() : list()).catch(notice);

async function list() {
  const {body} = await read("/api/v1/fleet-upgrades?limit=100");
  main.append(table(["fleet upgrade", "product", "to", "status", "wave", "clusters succeeded", "budget used",
    "started"], body.fleets.map(f => [link("fleet-upgrade.html", {id: f.fleetId}, f.fleetId), f.product || "—",
    f.targetVersion, badge(f.status), (f.currentWave + 1) + " of " + f.waveCount,
    f.clusters.succeeded + " of " + f.clusters.total, f.failureBudget.used + " of " + f.failureBudget.allowed
      + " tolerated", time(f.startedAt)]), {id: "fleet-upgrades"}));
}

async function start() {
  const summary = el("dl", {class: "facts", id: "summary"});
  const halt = el("div", {id: "halt"});
  const waves = el("div", {id: "waves"});
  const log = el("div", {class: "events", id: "events"});
  main.append(summary, halt, el("h2", {}, "Waves"), waves, el("h2", {}, "Events of this fleet upgrade"), log);
  await load();
  const reload = debounce(() => load().then(clearNotice).catch(notice), 300);
  follow("/api/v1/fleet-upgrades/" + encodeURIComponent(fleetId) + "/stream", (type, entry, clusterId, id, data) => {
    const p = data.payload || {};
    const about = [p.wave !== undefined ? "wave " + p.wave : null, p.clusterId, p.outcome, p.cause, p.reason]
      .filter(part => part !== undefined && part !== null && part !== "").join(" ");
    log.prepend(el("div", {"data-type": type, "data-sequence": data.sequence},
      time(data.occurredAt) + " #" + data.sequence + " " + type + (about ? ": " + about : "")));
    reload();
  }, () => load().catch(notice), FLEET_EVENT_TYPES);

  async function load() {
    const {body: f} = await read("/api/v1/fleet-upgrades/" + encodeURIComponent(fleetId));
    const c = f.clusters;
    const b = f.failureBudget;
    const eta = f.eta;
    summary.replaceChildren(...[
      ["status", el("span", {id: "fleet-status"}, badge(f.status))],
      ["target", (f.product ? f.product + " " : "") + f.targetVersion],
      ["wave", el("span", {id: "current-wave"}, f.currentWave < 0 ? "none started" : (f.currentWave + 1) + " of "
        + f.waveCount + " (index " + f.currentWave + ")")],
      ["clusters", el("span", {id: "cluster-counts"}, c.succeeded + " succeeded, " + c.running + " running, "
        + c.paused + " paused, " + c.failed + " failed, " + c.pending + " pending of " + c.total
        + ", at most " + f.maxConcurrent + " at once")],
      ["failure budget", el("span", {id: "budget", class: b.exceeded ? "FAILED" : ""}, b.used + " used of "
        + b.allowed + " tolerated (" + (b.max || "—") + ")" + (b.exceeded ? ": exceeded" : ""))],
      ["expected end", el("span", {id: "eta"}, eta ? (eta.expectedEnd ? time(eta.expectedEnd) : "none")
        + (eta.basis === "MEASURED" ? " (measured: " + eta.stepTime + " a step over " + eta.stepsMeasured
          + " steps, " : " (the plan's estimate, ") + eta.clusterTime + " a cluster)" + (eta.note ? "; " + eta.note
          : "") : (f.endedAt ? "ended " + time(f.endedAt) : "—"))],
      ["started", time(f.startedAt) + (f.startedBy ? " by " + f.startedBy : "")]]
      .flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
    const h = f.halt;
    halt.replaceChildren(h && !h.liftedAt ? el("div", {class: "diagnosis"},
      el("h2", {}, "Halted in wave " + h.wave + " (" + h.cause + ")"),
      el("p", {id: "halt-detail"}, h.detail || ""),
      table(["cluster", "wave", "outcome", "reason"], h.failed.map(x => [x.clusterId, x.wave, badge(x.outcome),
        x.reason || "—"]), {id: "halt-failed"})) : null);
    waves.replaceChildren(...f.waves.map(w => el("section", {id: "wave-" + w.index, "data-status": w.status},
      el("h3", {}, "Wave " + w.index + (w.canary ? " (canary)" : "") + " ", badge(w.status),
        w.startedAt ? " started " + time(w.startedAt) : ""),
      table(["cluster", "state", "reason", "path", "upgrade", "steps", "expected start", "expected end"],
        w.clusters.map(x => el("tr", {"data-cluster": x.clusterId, "data-state": x.state},
          [link("upgrade.html", {cluster: x.clusterId, id: fleetId}, x.clusterId), badge(x.state), x.reason || "—",
            x.path.join(" → "), x.upgrade ? badge(x.upgrade.status) : "—",
            x.upgrade ? x.upgrade.stepsSucceeded + " of " + x.upgrade.stepsTotal : "—",
            time(x.expectedStart), time(x.expectedEnd)].map(cell => el("td", {}, cell))))))));
  }
}
