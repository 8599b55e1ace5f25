// Keeps a live page current over the meeting's websocket (protocol: docs/websocket-protocol.md).
//
// The server renders every region of the page, for the page load and for each event alike, once
// per audience and language, so the page never shows what this user may not see and works
// without JavaScript. This script swaps in the regions an event brings (it asks the server for
// nothing), picks the user's own part of them from `you`, announces what happened to screen
// readers, and sends the page's forms over the socket instead of reloading the page.

const page = document.querySelector("[data-socket-path]");
const region = document.getElementById("live-state");
const connection = document.getElementById("live-connection");
const announcer = document.getElementById("live-announcer");
const feedback = document.getElementById("live-feedback");
const language = page.dataset.language || document.documentElement.lang || "de";
const csrfToken = page.dataset.csrf || "";

let you = JSON.parse(document.getElementById("live-own-state").textContent);
let socket = null;
let seq = null;
let retries = 0;
let jitsiJoined = false;
let resyncing = false;
// Casts not yet acknowledged, by request_id: sent again, unchanged, after a reconnect. The server
// answers a repeated request_id with the same acknowledgement, so nothing is counted twice.
const unacknowledgedCasts = new Map();
// After an `unavailable` error (the database was away for a moment, nothing was saved).
const UNAVAILABLE_RETRY_MS = 2000;

function newRequestId() {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function socketUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${page.dataset.socketPath}`;
}

function setOnline(online) {
  connection.textContent = online ? connection.dataset.online : connection.dataset.offline;
  connection.classList.toggle("live-connection--lost", !online);
}

function send(message) {
  const request = { ...message, request_id: message.request_id || newRequestId() };
  if (request.type === "cast") unacknowledgedCasts.set(request.request_id, request);
  if (!socket || socket.readyState !== WebSocket.OPEN) return request.type === "cast";
  socket.send(JSON.stringify(request));
  return true;
}

function connect() {
  // The server sends a snapshot on every connect: after a reconnect it replaces everything.
  socket = new WebSocket(socketUrl());
  socket.addEventListener("open", () => {
    retries = 0;
    setOnline(true);
  });
  socket.addEventListener("message", (message) => receive(JSON.parse(message.data)));
  socket.addEventListener("close", () => {
    setOnline(false);
    // Back off up to ten seconds, with jitter, so that a restarted server is not stormed.
    const delay = Math.min(10000, 500 * 2 ** retries++) * (0.5 + Math.random() / 2);
    setTimeout(connect, delay);
  });
}

function receive(message) {
  if (message.type === "snapshot") {
    resyncing = false;
    seq = page.dataset.seq = message.seq;
    you = message.you;
    applyRegions(message.regions || {});
    if (jitsiJoined) send({ type: "remote.joined" });
    resendCasts();
  } else if (message.type === "ack") {
    acknowledged(message);
  } else if (message.type === "error") {
    feedback.textContent = message.message;
    if (message.code === "unavailable" && unacknowledgedCasts.has(message.request_id)) {
      setTimeout(resendCasts, UNAVAILABLE_RETRY_MS * (0.5 + Math.random() / 2));
    } else {
      unacknowledgedCasts.delete(message.request_id);
    }
  } else if (message.type === "progress") {
    progress(message);
  } else if (typeof message.seq === "number") {
    event(message);
  }
}

function acknowledged(message) {
  feedback.textContent = "";
  const cast = unacknowledgedCasts.get(message.request_id);
  unacknowledgedCasts.delete(message.request_id);
  if (cast && message.recorded && you.ballot && you.ballot.id === Number(cast.ballot)) {
    // A secret choice is kept nowhere, not even here.
    const named = document.querySelector(`[data-personal="vote"][data-ballot="${cast.ballot}"]`);
    you.ballot.voted = true;
    you.ballot.choice = named?.dataset.kind === "named" ? cast.choice : null;
    personalize();
  }
}

function resendCasts() {
  // The same request_id again: the server counts a cast once, however often it arrives.
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  for (const cast of unacknowledgedCasts.values()) socket.send(JSON.stringify(cast));
}

function event(message) {
  if (seq !== null && message.seq <= seq) return;
  if (seq !== null && message.seq > seq + 1) {
    // A gap: a snapshot instead of a state that skipped a change (asked for once).
    if (!resyncing) send({ type: "hello" });
    resyncing = true;
    return;
  }
  seq = page.dataset.seq = message.seq;
  if (message.type === "skip") return;
  // Joined the video before the opening (refused then): now it counts.
  if (jitsiJoined && message.type === "meeting" && message.op === "started") {
    send({ type: "remote.joined" });
  }
  learn(message.state || {}, message.eligible);
  applyRegions(message.regions || {});
  const text = message.announce && (message.announce[language] || message.announce.de);
  if (text) announcer.textContent = text;
}

function learn(state, eligible) {
  // What the event says about this user: their roll-call row, their request, the ballot.
  if (you.person == null) return;
  const row = (state.attendance || []).find((candidate) => candidate.person === you.person);
  if (row) you.attendance = row.state;
  if (state.speakers) {
    const request = state.speakers.list.find((candidate) => candidate.person === you.person);
    you.request = request ? { id: request.id, state: request.state } : null;
  }
  const ballot = state.ballot;
  if (ballot && (!you.ballot || you.ballot.id !== ballot.id)) {
    you.ballot = { id: ballot.id, eligible: false, voted: false, choice: null };
  }
  if (ballot && eligible) you.ballot.eligible = eligible.includes(you.person);
}

function progress(message) {
  // "23 of 29 have voted": counts only, no choices, and no event of the log.
  const element = document.getElementById("ballot-progress");
  if (!element || element.dataset.ballot !== String(message.ballot)) return;
  element.textContent = element.dataset.template
    .replace("{voted}", message.voted)
    .replace("{eligible}", message.eligible);
}

// The user's own part: the same rules as meetings/live/personal.py, applied to `you`.
const VARIANTS = {
  vote(slot) {
    const own = you.ballot;
    const ballot = { id: Number(slot.dataset.ballot), state: slot.dataset.state };
    if (ballot.state !== "open" || !own || own.id !== ballot.id) return "";
    if (own.voted) return own.choice ? `voted-${own.choice}` : "voted";
    if (!own.eligible) return "not-eligible";
    return slot.dataset.kind === "show_of_hands" ? "" : "form";
  },
  attendance: () => you.attendance || "unknown",
  request: () => (you.request ? you.request.state : "none"),
  failure: () => (["remote", "disconnected"].includes(you.attendance) ? "show" : ""),
};

function personalize() {
  for (const slot of document.querySelectorAll("[data-personal]")) {
    const name = slot.dataset.personal;
    const variant = you.person == null ? "" : VARIANTS[name](slot);
    if (slot.dataset.shown === variant) continue;
    slot.dataset.shown = variant;
    const scope = slot.closest("section") || document;
    const template = scope.querySelector(`template[data-for="${name}"][data-variant="${variant}"]`);
    slot.replaceChildren(template ? template.content.cloneNode(true) : "");
    const request = slot.querySelector('input[name="request"]');
    if (request && you.request) request.value = you.request.id;
    fillForms(slot);
  }
}

function fillForms(root) {
  // A region rendered for many pages carries no one's token and no request id: this page's own.
  for (const input of root.querySelectorAll('input[name="csrfmiddlewaretoken"]')) {
    input.value = csrfToken;
  }
  for (const input of root.querySelectorAll('input[name="request_id"]')) {
    if (!input.value) input.value = newRequestId();
  }
}

function focusKey(element) {
  if (!element || !region.contains(element)) return null;
  if (element.id) return { id: element.id, value: element.value };
  const form = element.closest("form");
  if (!form) return null;
  const fields = [...form.querySelectorAll("input[type=hidden]")]
    .filter((input) => !["csrfmiddlewaretoken", "request_id"].includes(input.name))
    .map((input) => `${input.name}=${input.value}`)
    .join("&");
  return { form: fields, button: element.getAttribute("aria-label") || element.textContent };
}

function restoreFocus(key) {
  if (!key || region.contains(document.activeElement)) return;
  if (key.id) {
    const element = document.getElementById(key.id);
    if (element) {
      if ("value" in element && key.value !== undefined) element.value = key.value;
      element.focus();
    }
    return;
  }
  for (const form of region.querySelectorAll("form")) {
    if (focusKey(form.querySelector("button"))?.form === key.form) {
      const button = [...form.querySelectorAll("button")].find(
        (candidate) => (candidate.getAttribute("aria-label") || candidate.textContent) === key.button,
      );
      (button || form.querySelector("button"))?.focus();
      return;
    }
  }
  // The button is gone (e.g. "call" on the item now being discussed): go to the current item.
  region.querySelector("[aria-current=step]")?.focus();
}

function place(element) {
  // A roll-call row whose member changed state moves to the list of that state, in name order.
  const list = element.dataset.placeIn && document.getElementById(element.dataset.placeIn);
  if (!list || element.parentElement === list) return;
  const order = Number(element.dataset.order);
  const next = [...list.children].find((row) => Number(row.dataset.order) > order);
  list.insertBefore(element, next || null);
}

function applyRegions(regions) {
  // Keep keyboard users where they were, and keep what they were typing.
  const key = focusKey(document.activeElement);
  for (const [id, html] of Object.entries(regions)) {
    const old = document.getElementById(id);
    if (!old) continue;
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const fresh = parsed.content.firstElementChild;
    fillForms(fresh);
    old.replaceWith(fresh);
    place(fresh);
  }
  showScriptedParts();
  personalize();
  filterRollCall();
  restoreFocus(key);
  tick();
}

region.addEventListener("submit", (submitted) => {
  const form = submitted.target.closest("form.live-action");
  if (!form) return;
  const message = Object.fromEntries(
    [...new FormData(form, submitted.submitter)].filter(([name]) => name !== "csrfmiddlewaretoken"),
  );
  if (send(message)) submitted.preventDefault();
});

function showScriptedParts() {
  // What works only with this script (the roll call's filter) is hidden until it runs.
  for (const part of document.querySelectorAll("[data-rollcall-filter]")) part.hidden = false;
}

function filterRollCall() {
  // A long roll call: only the rows whose member's name contains what is typed.
  const field = document.getElementById("rollcall-filter");
  if (!field) return;
  const wanted = field.value.trim().toLocaleLowerCase();
  for (const row of document.querySelectorAll(".live-rollcall tbody tr")) {
    row.hidden = wanted !== "" && !row.querySelector("th").textContent.toLocaleLowerCase().includes(wanted);
  }
}

region.addEventListener("input", (typed) => {
  if (typed.target.id === "rollcall-filter") filterRollCall();
});

function tick() {
  for (const timer of region.querySelectorAll(".live-timer[data-started]")) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(timer.dataset.started)) / 1000));
    const minutes = String(Math.floor(seconds / 60)).padStart(2, "0");
    timer.textContent = `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  }
}

document.addEventListener("ratssaal:jitsi-joined", () => {
  jitsiJoined = true;
  send({ type: "remote.joined" });
});
document.addEventListener("ratssaal:jitsi-left", () => {
  jitsiJoined = false;
  send({ type: "remote.left" });
});

fillForms(region);
showScriptedParts();
personalize();
setInterval(tick, 1000);
connect();
