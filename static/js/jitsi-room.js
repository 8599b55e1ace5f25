// Embeds the meeting's Jitsi room for a remote member through Jitsi's iframe API.
// The configuration comes from the page (json_script); if external_api.js cannot load,
// the page shows a link that opens the room in a new tab instead.

const config = JSON.parse(document.getElementById("jitsi-config").textContent);
const container = document.getElementById("jitsi-room");
const fallback = document.getElementById("jitsi-fallback");
const status = document.getElementById("jitsi-status");

function showFallback() {
  status.textContent = status.dataset.failed;
  fallback.hidden = false;
  container.hidden = true;
}

function startRoom() {
  if (typeof window.JitsiMeetExternalAPI !== "function") {
    showFallback();
    return;
  }
  const api = new window.JitsiMeetExternalAPI(config.domain, {
    roomName: config.roomName,
    parentNode: container,
    jwt: config.jwt || undefined,
    lang: config.lang,
    userInfo: { displayName: config.displayName },
    configOverwrite: { subject: config.subject, prejoinConfig: { enabled: false } },
  });
  api.executeCommand("subject", config.subject);
  api.addListener("videoConferenceJoined", () => {
    status.textContent = status.dataset.joined;
    container.dispatchEvent(new CustomEvent("ratssaal:jitsi-joined", { bubbles: true }));
  });
  api.addListener("videoConferenceLeft", () => {
    status.textContent = status.dataset.left;
    container.dispatchEvent(new CustomEvent("ratssaal:jitsi-left", { bubbles: true }));
  });
  window.ratssaalJitsi = api;
}

const script = document.createElement("script");
script.src = container.dataset.scriptUrl;
script.addEventListener("load", startRoom);
script.addEventListener("error", showFallback);
document.head.append(script);
