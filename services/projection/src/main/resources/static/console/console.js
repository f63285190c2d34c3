// The SRE console's shared module: the token, the two APIs, the live stream, the page frame. Plain JavaScript, no
// build step. Every value from an API reaches the page through textContent or an attribute, never through HTML.

/** Every event type on the stream: a named SSE event reaches only the listener of its own name. */
export const EVENT_TYPES = ["ClusterRegistered", "ReleaseCatalogDeclared", "NodeAdded", "NodeRemoved",
  "ManagementClaimed", "UpgradeRequested", "UpgradeRejected", "UpgradePlanned", "StepStarted", "WorkloadsHalted",
  "StateExported", "SchemaMigrated", "NodeIsolated", "NodeUpgraded", "NodeVerified", "NodeReintegrated", "PeerRemoved",
  "PeerRejoined", "StateImported", "WorkloadsMoved", "WorkloadsResumed", "NodeRolledBack", "StepFailed",
  "StepTimedOut", "NodeQuarantined", "UpgradePaused", "UpgradeResumed", "UpgradeAborted", "RollbackStarted",
  "UpgradeCompleted", "UpgradeFailed", "UpgradeFinalized", "UpgradeAbandoned", "ManagementHandedOver",
  "ClusterRetired", "MissionRevisionsApplied", "UpgradeApproved", "ApprovalRejected", "BatchSoaked",
  "NodeStopped", "NodeStarted", "StateChecked", "PeerCleaned",
  "TargetVerified", "ServerStopped", "ServerStarted", "EnvironmentsChecked", "EnvironmentRecompiled",
  "EnvironmentResumed",
  "DiscoveryGroupRemoved", "ProcessesRestarted", "DiscoveryGroupAdded", "DiscoveryGroupClaimed",
  "DiscoveryGroupReleased", "ClusterLabelsChanged"];

export const CLUSTER_STATUSES = ["RETIRED", "PAUSED", "ROLLING_BACK", "RUNNING", "FAILED", "MIXED", "CONVERGED"];

const TOKEN_KEY = "ledger-token";

/** A new element: attributes (class, href, title, data-*, ...; properties for value and disabled), then children. */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "value" || name === "disabled" || name === "checked" || name === "selected") node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** A status as a coloured label (the class is one of the API's enum values; unknown ones get no colour). */
export function badge(status) {
  return el("span", {class: "badge " + (/^[A-Z_]+$/.test(status || "") ? status : "")}, status || "—");
}

export function time(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  return isNaN(date) ? String(iso) : date.toISOString().replace("T", " ").replace("Z", " UTC");
}

export function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return ms + " ms";
  const s = ms / 1000;
  return s < 120 ? s.toFixed(1) + " s" : Math.floor(s / 60) + " min " + Math.round(s % 60) + " s";
}

export function query() {
  return new URLSearchParams(location.search);
}

/** A link to another console page; the parameters are encoded. */
export function link(page, parameters, text) {
  return el("a", {href: page + "?" + new URLSearchParams(parameters).toString()}, text);
}

// ---- the token: from the issuer's sign-in (authorization code with PKCE, when the projection names an issuer), or a
// bearer token the user pastes in (or the page is opened with #access_token=...); kept in this tab's sessionStorage
// only; it never reaches a server but the APIs it is meant for.

const fragment = new URLSearchParams(location.hash.substring(1));
if (fragment.get("access_token")) {
  sessionStorage.setItem(TOKEN_KEY, fragment.get("access_token"));
  history.replaceState(null, "", location.pathname + location.search);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

/** The token's claims, read for display only (the services verify it). */
export function claims() {
  try {
    const part = token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0))));
  } catch (e) {
    return null;
  }
}

// ---- the APIs

export class ApiError extends Error {
  constructor(status, problem, fallback) {
    super((problem && (problem.detail || problem.title)) || fallback);
    this.status = status;
    this.problem = problem;
  }
}

async function call(url, options) {
  const headers = {Accept: "application/json", Authorization: "Bearer " + token(), ...(options.headers || {})};
  let response;
  try {
    response = await fetch(url, {...options, headers});
  } catch (e) {
    throw new ApiError(0, null, "cannot reach " + new URL(url, location.href).origin + ": " + e.message);
  }
  const type = response.headers.get("Content-Type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401) signedOut("the token was refused (401): sign in again");
    throw new ApiError(response.status, body, url + " answered " + response.status);
  }
  return {body, headers: response.headers};
}

/** GET from the projection (this page's origin); the parsed JSON and the response headers. */
export function read(path) {
  return call(path, {method: "GET"});
}

let config = null;

/** The console's settings from the projection: where command-api is. */
export async function settings() {
  if (!config) {
    // open, like the pages: sent without a token (an empty bearer token would be refused before anyone signed in)
    const response = await fetch("/console/config.json", {headers: {Accept: "application/json"}});
    if (!response.ok) throw new ApiError(response.status, null, "/console/config.json answered " + response.status);
    config = await response.json();
  }
  return config;
}

/** POST an operator command to command-api (CORS: command-api must allow this page's origin). */
export async function command(path, body) {
  const base = (await settings()).commandApiUrl;
  return call(base + path, {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body || {})});
}

/** Every fleet event type on the fleets' stream (/api/v1/fleet-upgrades/stream, or one fleet's). */
export const FLEET_EVENT_TYPES = ["FleetUpgradeStarted", "FleetWaveStarted", "FleetClusterStarted",
  "FleetClusterSettled", "FleetClusterResumed", "FleetUpgradeHalted", "FleetUpgradeResumed", "FleetUpgradeAborted",
  "FleetUpgradeCompleted", "FleetWaveAwaitingApproval", "FleetWaveApproved", "FleetWaveCheckRequested",
  "FleetWaveChecked", "FleetRollbackStarted", "FleetClusterRollback", "FleetUpgradeRolledBack"];

/**
 * Follows a live stream (/api/v1/stream, or a cluster's): onEvent(type, entry, clusterId, streamId, data) for every
 * event of `types` (a fleet stream's data is the fleet event itself). EventSource sends no headers: the stream alone
 * takes the token as a query parameter. The browser reconnects by itself after a dropped connection, with
 * Last-Event-ID. A connection that missed more events than the projection replays gets one replay-truncated event
 * instead: onTruncated(notice) then, by default the page is read again.
 */
export function follow(path, onEvent, onTruncated = () => window.location.reload(), types = EVENT_TYPES) {
  const indicator = document.getElementById("live");
  const source = new EventSource(path + (path.includes("?") ? "&" : "?") + "access_token="
    + encodeURIComponent(token()));
  source.onopen = () => { indicator.textContent = "live"; indicator.className = "live on"; };
  source.onerror = () => { indicator.textContent = "reconnecting…"; indicator.className = "live off"; };
  source.addEventListener("replay-truncated", message => onTruncated(JSON.parse(message.data)));
  for (const type of types) {
    source.addEventListener(type, message => {
      const data = JSON.parse(message.data);
      onEvent(type, data.event, data.clusterId, message.lastEventId, data);
    });
  }
  return source;
}

/**
 * A bounded list's footer: how many of the total are shown and, while the answer has a next page, a button that
 * calls more() (which reads that page); null when the list is whole (a small cluster's pages look as before).
 */
export function moreFooter(id, shown, total, next, noun, more) {
  if (!next && shown >= total) return null;
  const button = el("button", {type: "button", id: id, hidden: !next}, "More " + noun);
  button.addEventListener("click", () => { button.disabled = true; more(); });
  return el("p", {class: "more", "data-shown": shown, "data-total": total}, "Showing " + shown + " of " + total + " "
    + noun + (next ? " " : "."), button);
}

/** Calls fn at most once per delay, after the last call within it (many events, one re-read). */
export function debounce(fn, delay = 200) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), delay);
  };
}

// ---- sign-in with the issuer: the OAuth2 authorization code grant with PKCE (RFC 7636) for a public client. The
// verifier and the state stay in this tab's sessionStorage until signed-in.html exchanges the code for a token.

const SIGN_IN_KEY = "ledger-sign-in";

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Goes to the issuer's sign-in page; it sends the browser back to signed-in.html with a code. */
export async function signInWithIssuer() {
  const {signIn} = await settings();
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  const redirect = new URL("signed-in.html", location.href).href;
  sessionStorage.setItem(SIGN_IN_KEY, JSON.stringify({verifier, state, redirect,
    back: location.pathname + location.search}));
  const url = new URL(signIn.authorizationUri);
  for (const [name, value] of Object.entries({response_type: "code", client_id: signIn.clientId,
    redirect_uri: redirect, scope: signIn.scope, state, code_challenge: challenge, code_challenge_method: "S256"})) {
    url.searchParams.set(name, value);
  }
  location.assign(url.href);
}

/** signed-in.html: checks the state, exchanges the code (with the verifier) for a token, and goes back. */
export async function completeSignIn() {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem(SIGN_IN_KEY) || "null");
  sessionStorage.removeItem(SIGN_IN_KEY);
  const status = el("p", {id: "sign-in-status"}, "Signing in…");
  document.body.replaceChildren(el("header", {}, el("strong", {class: "brand"}, "Upgrade Ledger")),
    el("main", {id: "main"}, el("h1", {}, "Sign in"), status, el("a", {href: "index.html"}, "Fleet")));
  try {
    if (params.get("error")) throw new Error(params.get("error") + ": " + (params.get("error_description") || ""));
    if (!saved || !params.get("state") || params.get("state") !== saved.state) {
      throw new Error("this sign-in was not started from this tab (state does not match): sign in again");
    }
    const {signIn} = await settings();
    let response;
    try {
      response = await fetch(signIn.tokenUri, {method: "POST",
        headers: {"Content-Type": "application/x-www-form-urlencoded", Accept: "application/json"},
        body: new URLSearchParams({grant_type: "authorization_code", code: params.get("code") || "",
          redirect_uri: saved.redirect, client_id: signIn.clientId, code_verifier: saved.verifier})});
    } catch (e) {
      throw new Error("cannot reach " + new URL(signIn.tokenUri).origin + ": " + e.message);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !body.access_token) {
      throw new Error("the issuer refused the code (" + response.status + "): "
        + ((body && (body.error_description || body.error)) || ""));
    }
    sessionStorage.setItem(TOKEN_KEY, body.access_token);
    const back = /^\/console\/[A-Za-z-]+\.html(\?[^#]*)?$/.test(saved.back) ? saved.back : "index.html";
    location.replace(back);
  } catch (error) {
    status.textContent = "Not signed in: " + error.message;
    status.className = "FAILED";
  }
}

// ---- the frame: header, navigation, sign-in

const PAGES = [["index.html", "Fleet"], ["fleet-upgrade.html", "Fleet upgrades"]];

/**
 * Draws the header (navigation, live indicator, who is signed in) and returns the page's main element, or null when
 * nobody is signed in: then the sign-in box is shown instead, and the page reloads once a token is given.
 */
export function frame(title, crumbs = []) {
  document.title = title + " · Upgrade Ledger";
  const nav = el("nav", {class: "crumbs"}, PAGES.map(([href, text], i) => [i ? " · " : "", el("a", {href}, text)]),
    crumbs.map(crumb => [" / ", crumb]));
  const who = el("span", {class: "who", id: "who"});
  const header = el("header", {}, el("strong", {class: "brand"}, "Upgrade Ledger"), nav,
    el("span", {id: "live", class: "live off"}, "not connected"), who);
  const main = el("main", {id: "main"});
  document.body.replaceChildren(header, el("div", {id: "notice", class: "notice", hidden: true}),
    el("h1", {}, title), main);
  if (!token()) {
    signedOut("Sign in with a bearer token (viewer to read; operator for the buttons).");
    return null;
  }
  const c = claims();
  who.append(el("span", {}, "signed in as ", el("b", {title: (c && c.name) || null}, (c && c.sub) || "?"),
    c && c.ledger_roles ? el("span", {class: "roles"}, " (" + [].concat(c.ledger_roles).join(", ") + ")") : null,
    " ", el("button", {type: "button", id: "sign-out"}, "Sign out")));
  document.getElementById("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });
  return main;
}

function signedOut(why) {
  sessionStorage.removeItem(TOKEN_KEY);
  const input = el("input", {type: "password", id: "token", name: "token", autocomplete: "off", size: 60,
    placeholder: "eyJ…", required: true});
  const form = el("form", {id: "sign-in", class: "sign-in"},
    el("h2", {}, "Sign in"), el("p", {}, why),
    el("label", {for: "token"}, "Bearer token "), input, " ", el("button", {type: "submit"}, "Sign in"),
    el("p", {class: "hint"}, "The token stays in this browser tab (session storage). On the local stack: ",
      el("code", {}, "curl -s -u ledger-operator:operator-secret -d grant_type=client_credentials "
        + "http://127.0.0.1:9000/oauth2/token")));
  settings().then(({signIn}) => {
    if (!signIn) return;
    const button = el("button", {type: "button", id: "sign-in-issuer", class: "primary"}, "Sign in with "
      + new URL(signIn.authorizationUri).host);
    button.addEventListener("click", () => signInWithIssuer().catch(notice));
    form.insertBefore(el("p", {}, button, " or paste a token:"), form.querySelector("label"));
  }).catch(() => {});
  form.addEventListener("submit", event => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    location.reload();
  });
  const main = document.getElementById("main");
  if (main) main.replaceChildren(form);
}

/** Shows an error (a problem's detail and type) above the page. */
export function notice(error, kind = "error") {
  const box = document.getElementById("notice");
  box.hidden = false;
  box.className = "notice " + kind;
  const type = error && error.problem && error.problem.type;
  box.replaceChildren(el("span", {}, error instanceof Error ? error.message : String(error),
    type ? el("code", {class: "type"}, " " + type) : null));
}

export function clearNotice() {
  const box = document.getElementById("notice");
  box.hidden = true;
  box.replaceChildren();
}

/** A table with these headings and rows (each row an array of cells: nodes or text). */
export function table(headings, rows, attributes = {}) {
  return el("table", attributes, el("thead", {}, el("tr", {}, headings.map(h => el("th", {}, h)))),
    el("tbody", {}, rows.map(row => row instanceof Node ? row : el("tr", {}, row.map(cell => el("td", {}, cell))))));
}
