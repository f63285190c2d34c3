// One upgrade: its plans as stages on a timeline, live from the cluster's stream; each step's attempts and errors
// (from the diagnosis, which lists every attempt); the diagnosis when it failed or paused; and the operator's buttons,
// which send commands to command-api with the signed-in user's token.
import {badge, command, debounce, duration, el, follow, frame, link, moreFooter, notice, clearNotice, query, read,
  table, time} from "./console.js";

const params = query();
const clusterId = params.get("cluster") || "";
const upgradeId = params.get("id") || "";
const main = frame("Upgrade " + upgradeId + " on " + clusterId,
  [link("cluster.html", {id: clusterId}, clusterId), el("span", {}, upgradeId)]);
const ACTIONS = [
  // command, label, statuses in which command-api accepts it, asks for a reason
  ["pause", "Pause", ["RUNNING", "AWAITING_APPROVAL", "ROLLING_BACK"], true],
  ["resume", "Resume", ["PAUSED"], false],
  ["abort", "Abort", ["RUNNING", "AWAITING_APPROVAL", "PAUSED", "ROLLING_BACK"], true],
  ["rollback", "Roll back", ["RUNNING", "PAUSED", "COMPLETED", "FAILED"], true],
  ["finalize", "Finalize", ["COMPLETED"], false]];
// the answers to the APPROVAL step the upgrade waits for (also while it is paused): label, outcome's word
const APPROVALS = [["approve", "Approve", "approved"], ["reject", "Reject", "rejected"]];

if (main) start();

function start() {
  const summary = el("dl", {class: "facts", id: "summary"});
  const reason = el("input", {id: "reason", placeholder: "reason (pause, abort, roll back)", size: 36,
    maxlength: 500});
  const outcome = el("span", {id: "action-outcome"});
  const buttons = ACTIONS.map(([name, label]) => el("button", {type: "button", id: "action-" + name,
    class: name === "resume" || name === "finalize" ? "primary" : name === "abort" || name === "rollback" ? "danger"
      : "", "data-action": name}, label));
  const approvalWhat = el("span", {id: "approval-what"});
  const approvalReason = el("input", {id: "approval-reason", placeholder: "reason (recorded with the answer)",
    size: 36, maxlength: 500});
  const approvalButtons = APPROVALS.map(([name, label]) => el("button", {type: "button", id: "action-" + name,
    class: name === "approve" ? "primary" : "danger", "data-approval": name}, label));
  const approvalBox = el("div", {class: "approval", id: "approval", hidden: true},
    el("strong", {}, "Awaiting approval: "), approvalWhat,
    el("div", {class: "actions"}, approvalButtons, approvalReason));
  const diagnosis = el("div", {id: "diagnosis"});
  const timeline = el("div", {class: "timeline", id: "timeline"});
  const steps = el("div", {id: "steps"});
  const log = el("div", {class: "events", id: "events"});
  main.append(el("div", {class: "actions"}, buttons, reason, outcome), approvalBox, summary, diagnosis,
    el("h2", {}, "Plan"), timeline, el("h2", {}, "Steps and attempts"), steps, el("h2", {}, "Events of this upgrade"),
    log);

  let status = null;
  let pendingApproval = null;
  buttons.forEach(button => button.addEventListener("click", () => act(button.dataset.action)));
  approvalButtons.forEach(button => button.addEventListener("click", () => answer(button.dataset.approval)));
  enable();

  async function act(name) {
    const [, label, , withReason] = ACTIONS.find(action => action[0] === name);
    const body = withReason && reason.value.trim() ? {reason: reason.value.trim()} : {};
    if (await send(label, "/" + name, body, answer => answer && answer.status ? answer.status : "done")) {
      reason.value = "";
    }
  }

  async function answer(name) {
    if (!pendingApproval) return;
    const [, label, word] = APPROVALS.find(approval => approval[0] === name);
    const body = approvalReason.value.trim() ? {reason: approvalReason.value.trim()} : {};
    const path = "/approvals/" + encodeURIComponent(pendingApproval.stepId) + "/" + name;
    if (await send(label, path, body, answer => answer && answer.counted === false ? word + " before" : word)) {
      approvalReason.value = "";
    }
  }

  /** Sends a command about this upgrade; shows accepted (and what it answered) or refused with the problem's detail. */
  async function send(label, path, body, accepted) {
    [...buttons, ...approvalButtons].forEach(button => { button.disabled = true; });
    outcome.textContent = label + "…";
    outcome.className = "";
    try {
      const {body: answer} = await command("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/upgrades/"
        + encodeURIComponent(upgradeId) + path, body);
      outcome.textContent = label + ": accepted (" + accepted(answer) + ")";
      outcome.className = "SUCCEEDED";
      clearNotice();
      return true;
    } catch (error) {
      const type = error.problem && error.problem.type;
      outcome.textContent = label + ": refused: " + error.message + (type ? " (" + type + ")" : "");
      outcome.className = "FAILED";
      notice(error);
      return false;
    } finally {
      enable();
    }
  }

  /** Shows the buttons whose command the upgrade's current status allows, and the approval it waits for. */
  function enable() {
    for (const [name, , statuses] of ACTIONS) {
      const button = document.getElementById("action-" + name);
      button.hidden = !statuses.includes(status);
      button.disabled = false;
    }
    reason.hidden = !ACTIONS.some(([, , statuses, withReason]) => withReason && statuses.includes(status));
    approvalBox.hidden = !pendingApproval;
    approvalButtons.forEach(button => { button.disabled = false; });
  }

  /** The APPROVAL step of the current plan that started and was not answered, with its stage; or null. */
  function approvalOf(plans, u) {
    if (!["AWAITING_APPROVAL", "PAUSED"].includes(u.status)) return null;
    for (const plan of plans) {
      if (plan.plan !== u.current.plan) continue;
      for (const stage of plan.stages) for (const step of stage.steps) {
        if (step.action === "APPROVAL" && step.status === "RUNNING") return {stepId: step.stepId, stage};
      }
    }
    return null;
  }

  // a large upgrade's steps come in pages: the first one, and as many more as "More steps" asked for
  let stepPages = 1;

  /** The progress with the first `pages` pages of steps merged into its plans' stages; next: the following page. */
  async function progressPages(path, pages) {
    const {body: progress} = await read(path);
    const stages = new Map();
    for (const plan of progress.plans) {
      for (const stage of plan.stages) stages.set(plan.plan + "/" + stage.index, stage);
    }
    for (let page = 1; page < pages && progress.next; page++) {
      const {body: more} = await read(path + "?after=" + encodeURIComponent(progress.next));
      for (const plan of more.plans) for (const stage of plan.stages) {
        const shown = stages.get(plan.plan + "/" + stage.index);
        if (shown) shown.steps.push(...stage.steps);
      }
      progress.next = more.next;
    }
    return progress;
  }

  async function load() {
    const path = "/api/v1/clusters/" + encodeURIComponent(clusterId) + "/upgrades/" + encodeURIComponent(upgradeId);
    const [progress, {body: diagnosed}] = await Promise.all([progressPages(path, stepPages),
      read("/api/v1/upgrades/" + encodeURIComponent(upgradeId) + "/diagnosis?clusterId="
        + encodeURIComponent(clusterId) + "&chainLimit=50").catch(() => ({body: null}))]);
    const u = progress.upgrade;
    status = u.status;
    pendingApproval = approvalOf(progress.plans, u);
    approvalWhat.textContent = pendingApproval ? pendingApproval.stage.description + " (step " + pendingApproval.stepId
      + ")" : "";
    approvalBox.dataset.step = pendingApproval ? pendingApproval.stepId : "";
    enable();
    const counts = u.counts;
    summary.replaceChildren(...[
      ["status", el("span", {id: "upgrade-status"}, badge(u.status))], ["reason", u.statusReason || "—"],
      ["from → to", (u.fromVersion || "?") + " → " + u.targetVersion + (u.targetSchemaVersion ? " (schema "
        + u.targetSchemaVersion + ")" : "")],
      ["strategy", u.strategy + (u.settings && u.settings.failurePolicy ? ", on failure "
        + u.settings.failurePolicy : "") + (u.settings && u.settings.maxAttempts ? ", up to "
        + u.settings.maxAttempts + " attempts a step" : "")],
      ["requested", time(u.timestamps.requestedAt) + " by " + u.requestedBy],
      ["current", u.current.stageDescription ? "stage " + u.current.stage + ": " + u.current.stageDescription : "—"],
      ["steps", (counts.steps.succeeded + counts.steps.skipped) + " of " + counts.steps.total + " done, "
        + counts.steps.running + " running, " + counts.steps.failed + " failed; " + counts.attempts + " attempts, "
        + counts.failures + " failed"],
      ["nodes", counts.nodes.upgraded + " of " + counts.nodes.total + " done, " + counts.nodes.quarantined
        + " quarantined"],
      ["time", "total " + duration(u.durations.totalMs) + ", paused " + duration(u.durations.pausedMs)]]
      .flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
    drawDiagnosis(diagnosed, u);
    drawTimeline(progress.plans, u);
    drawSteps(progress.plans, diagnosed);
    const shown = progress.plans.reduce((n, plan) => n + plan.stages.reduce((m, stage) => m + stage.steps.length, 0), 0);
    const total = progress.plans.reduce((n, plan) => n + plan.stages.reduce((m, stage) => m
      + (stage.stepCount === undefined ? stage.steps.length : stage.stepCount), 0), 0);
    const footer = moreFooter("more-steps", shown, total, progress.next, "steps", () => {
      stepPages++;
      load().catch(notice);
    });
    if (footer) steps.append(footer);
  }

  function drawDiagnosis(d, u) {
    const failing = d && (d.failed || u.status === "PAUSED" || u.status === "FAILED");
    if (!failing) {
      diagnosis.replaceChildren();
      return;
    }
    const f = d.failure;
    const current = ["PAUSED", "FAILED"].includes(u.status);
    diagnosis.replaceChildren(el("div", {class: "diagnosis" + (current ? "" : " ok")},
      el("h2", {}, current ? "Diagnosis" : "Diagnosis of its failure (now " + u.status + ")"),
      el("p", {id: "diagnosis-summary"}, d.summary),
      f ? el("dl", {class: "facts", id: "failure"}, [
        ["failure", f.kind], ["step", (f.stepId || "—") + " " + (f.action || "") + (f.nodeId ? " on " + f.nodeId : "")],
        ["attempt", f.attempt ? f.attempt + " of " + f.maxAttempts : "—"],
        ["error", (f.code || "") + (f.message ? ": " + f.message : "") + (f.retryable === false ? " (not retryable)"
          : "")],
        ["consequence", f.consequence + (f.detail ? ": " + f.detail : "")], ["at", time(f.at) + " (#" + f.sequence
          + ")"]].flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)])) : null,
      d.causalChain && d.causalChain.length ? el("details", {}, el("summary", {}, "Causal chain ("
        + d.causalChainLength + " events)"), table(["#", "event", "link", "actor", "what"],
        d.causalChain.map(c => ["#" + c.sequence, c.eventType, c.link, c.actor || "", c.description || ""]))) : null));
  }

  function drawTimeline(plans, u) {
    const starts = [];
    const ends = [];
    for (const plan of plans) for (const stage of plan.stages) for (const step of stage.steps) {
      if (step.startedAt) starts.push(Date.parse(step.startedAt));
      ends.push(Date.parse(step.finishedAt || step.attemptStartedAt || step.startedAt || 0) || 0);
    }
    const t0 = Math.min(Date.parse(u.timestamps.requestedAt), ...starts);
    const active = ["RUNNING", "ROLLING_BACK"].includes(u.status);
    const t1 = Math.max(t0 + 1000, ...ends, active ? Date.now() : 0);
    const pct = t => (100 * (t - t0) / (t1 - t0)).toFixed(2) + "%";
    const nodes = [el("div", {class: "axis"}, el("span", {}, time(new Date(t0).toISOString())),
      el("span", {}, duration(t1 - t0)), el("span", {}, time(new Date(t1).toISOString())))];
    for (const plan of plans) {
      nodes.push(el("div", {class: "plan"}, (plan.kind === "ROLLBACK" ? "Rollback" : "Hop " + plan.plan) + ": "
        + plan.fromVersion + " → " + plan.toVersion));
      for (const stage of plan.stages) {
        // a large upgrade's answer holds one page of steps (500): a stage without its steps here goes by its counts
        // a stage whose steps are all on this page goes by them; one cut by the page, by its counts
        const state = stage.steps.length === stage.stepCount || !stage.stepCount ? stageStatus(stage.steps)
          : stage.stepsDone === stage.stepCount ? "SUCCEEDED" : stage.stepsDone ? "RUNNING" : "PENDING";
        const track = el("div", {class: "track"});
        for (const step of stage.steps) {
          if (!step.startedAt) continue;
          const from = Date.parse(step.startedAt);
          const to = step.finishedAt ? Date.parse(step.finishedAt) : active ? Date.now() : from;
          const span = el("span", {class: "span " + step.status, title: step.stepId + " " + step.action + " "
            + (step.nodeId || "") + " " + step.status});
          span.style.left = pct(from);
          span.style.width = "calc(" + pct(to) + " - " + pct(from) + ")";
          track.append(span);
        }
        const current = u.current.plan === plan.plan && u.current.stage === stage.index;
        nodes.push(el("div", {class: "stage" + (current ? " current" : ""), "data-stage": plan.plan + "." + stage.index,
          "data-status": state}, el("span", {}, "#" + stage.index), el("span", {}, stage.description), track,
          badge(state)));
      }
    }
    timeline.replaceChildren(...nodes);
  }

  function stageStatus(list) {
    const all = s => list.every(step => step.status === s || step.status === "SKIPPED");
    for (const s of ["FAILED", "TIMED_OUT", "RETRYING", "RUNNING"]) if (list.some(step => step.status === s)) return s;
    if (all("SUCCEEDED")) return "SUCCEEDED";
    if (all("PENDING")) return "PENDING";
    if (list.some(step => step.status === "CANCELLED")) return "CANCELLED";
    return "RUNNING";
  }

  function drawSteps(plans, d) {
    const attempts = new Map(((d && d.steps) || []).map(step => [step.hop + "/" + step.stepId, step.attempts]));
    const rows = [];
    for (const plan of plans) for (const stage of plan.stages) for (const step of stage.steps) {
      const tried = (plan.kind === "HOP" ? attempts.get(plan.plan + "/" + step.stepId) : null) || [];
      rows.push(el("tr", {"data-step": step.stepId, "data-plan": plan.plan}, [plan.kind === "ROLLBACK" ? "rollback"
        : "hop " + plan.plan, "#" + stage.index, step.stepId, step.action, step.nodeId || step.targetClusterId || "",
        badge(step.status), step.attempts, duration(step.durationMs),
        tried.length ? el("ol", {class: "attempts"}, tried.map(a => el("li", {}, badge(a.outcome), " "
          + duration(a.durationMillis) + (a.code ? " " + a.code + ": " + (a.message || "") : "")
          + (a.willRetry ? " (retried)" : "")))) : step.lastError ? "#" + step.lastError.attempt + " "
          + step.lastError.code + ": " + step.lastError.message : ""].map(cell => el("td", {}, cell))));
    }
    steps.replaceChildren(table(["plan", "stage", "step", "action", "node", "status", "attempts", "duration",
      "attempts and errors"], rows, {id: "step-table"}));
  }

  const reload = debounce(() => load().catch(notice), 250);
  // read again once the stream is open: what changed between the first read and the stream's start shows too
  load().then(() => follow("/api/v1/clusters/" + encodeURIComponent(clusterId) + "/stream",
    (type, event, cluster, streamId) => {
      if (event.upgradeId !== upgradeId) return;
      log.prepend(el("div", {class: "event", "data-type": type}, "#" + event.sequence + " " + time(event.occurredAt)
        + " " + type + (event.stepId ? " " + event.stepId : "") + (event.nodeId ? " " + event.nodeId : "")
        + " (" + (event.actor || "") + ")"));
      while (log.childNodes.length > 300) log.lastChild.remove();
      reload();
    }).addEventListener("open", reload)).catch(notice);
}
