// Keeps a live page current over the meeting's websocket (protocol: docs/websocket-protocol.md).
//
// The server renders every view of the state (so it never shows what this user may not see, and
// the page works without JavaScript); this script only listens, refreshes the rendered part when
// an event arrives, announces what happened to screen readers, and sends the page's forms over
// the socket instead of reloading the page.

const page = document.querySelector("[data-socket-path]");
const region = document.getElementById("live-state");
const connection = document.getElementById("live-connection");
const announcer = document.getElementById("live-announcer");
const feedback = document.getElementById("live-feedback");
const language = page.dataset.language || document.documentElement.lang || "de";

let socket = null;
let seq = null;
let retries = 0;
let nextRequest = 1;
let refreshing = null;
let refreshAgain = false;
let jitsiJoined = false;
// Casts not yet acknowledged, by request_id: sent again, unchanged, after a reconnect. The server
// answers a repeated request_id with the same acknowledgement, so nothing is counted twice.
const unacknowledgedCasts = new Map();
// After an `unavailable` error (the database was away for a moment, nothing was saved).
const UNAVAILABLE_RETRY_MS = 2000;

function socketUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${page.dataset.socketPath}`;
}

function setOnline(online) {
  connection.textContent = online ? connection.dataset.online : connection.dataset.offline;
  connection.classList.toggle("live-connection--lost", !online);
}

function send(message) {
  const request = { request_id: `r${nextRequest++}`, ...message };
  if (request.type === "cast") unacknowledgedCasts.set(request.request_id, request);
  if (!socket || socket.readyState !== WebSocket.OPEN) return request.type === "cast";
  socket.send(JSON.stringify(request));
  return true;
}

function connect() {
  socket = new WebSocket(socketUrl());
  socket.addEventListener("open", () => {
    retries = 0;
    setOnline(true);
    if (seq !== null) send({ type: "hello", last_seq: seq });
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
    seq = message.seq;
    if (jitsiJoined) send({ type: "remote.joined" });
    resendCasts();
    refresh();
  } else if (message.type === "ack") {
    unacknowledgedCasts.delete(message.request_id);
    feedback.textContent = "";
    if (message.recorded) refresh();
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

function resendCasts() {
  // The same request_id again: the server counts a cast once, however often it arrives.
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  for (const cast of unacknowledgedCasts.values()) socket.send(JSON.stringify(cast));
}

function event(message) {
  if (seq !== null && message.seq <= seq) return;
  if (seq !== null && message.seq > seq + 1) {
    // A gap: ask for what was missed instead of showing a state that skipped a change.
    send({ type: "hello", last_seq: seq });
    return;
  }
  seq = message.seq;
  if (message.type === "skip") return;
  // Joined the video before the opening (refused then): now it counts.
  if (jitsiJoined && message.type === "meeting" && message.op === "started") {
    send({ type: "remote.joined" });
  }
  const text = message.announce && (message.announce[language] || message.announce.de);
  if (text) announcer.textContent = text;
  refresh();
}

function progress(message) {
  // "23 of 29 have voted": counts only, no choices, and no event of the log.
  const element = document.getElementById("ballot-progress");
  if (!element || element.dataset.ballot !== String(message.ballot)) return;
  element.textContent = element.dataset.template
    .replace("{voted}", message.voted)
    .replace("{eligible}", message.eligible);
}

async function refresh() {
  // One request at a time; events that arrive meanwhile cause one more refresh afterwards.
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = fetch(page.dataset.fragmentUrl, { credentials: "same-origin" });
  try {
    const response = await refreshing;
    if (response.ok) replace(await response.text());
  } finally {
    refreshing = null;
    if (refreshAgain) {
      refreshAgain = false;
      refresh();
    }
  }
}

function focusKey(element) {
  if (!element || !region.contains(element)) return null;
  if (element.id) return { id: element.id, value: element.value };
  const form = element.closest("form");
  if (!form) return null;
  const fields = [...form.querySelectorAll("input[type=hidden]")]
    .filter((input) => input.name !== "csrfmiddlewaretoken")
    .map((input) => `${input.name}=${input.value}`)
    .join("&");
  return { form: fields, button: element.getAttribute("aria-label") || element.textContent };
}

function restoreFocus(key) {
  if (!key) return;
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

function replace(html) {
  // Keep keyboard users where they were, and keep what they were typing.
  const key = focusKey(document.activeElement);
  region.innerHTML = html;
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

setInterval(tick, 1000);
connect();
