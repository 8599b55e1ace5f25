// A stand-in for Jitsi Meet's iframe API (external_api.js), served by tests/e2e/fake_jitsi.py.
// It records how the page calls it in window.__jitsiCalls, shows a placeholder where the
// conference would be, and lets a test fire the conference's events:
// window.__fireJitsi("videoConferenceJoined") returns how many listeners it called.
(() => {
  const calls = (window.__jitsiCalls = window.__jitsiCalls || []);
  const instances = [];

  class JitsiMeetExternalAPI {
    constructor(domain, options = {}) {
      const parent = options.parentNode || null;
      this.listeners = {};
      this.call = {
        domain,
        roomName: options.roomName,
        parentNodeId: parent ? parent.id : null,
        displayName: options.userInfo ? options.userInfo.displayName : null,
        jwt: options.jwt ?? null,
        lang: options.lang ?? null,
        configOverwrite: options.configOverwrite ?? null,
        commands: [],
      };
      calls.push(this.call);
      instances.push(this);
      if (parent) {
        const placeholder = document.createElement("p");
        placeholder.className = "fake-jitsi";
        placeholder.textContent = `Videokonferenz (Testattrappe): ${options.roomName}`;
        parent.append(placeholder);
      }
    }

    addListener(event, listener) {
      (this.listeners[event] ||= []).push(listener);
    }

    on(event, listener) {
      this.addListener(event, listener);
    }

    removeListener(event, listener) {
      this.listeners[event] = (this.listeners[event] || []).filter((fn) => fn !== listener);
    }

    executeCommand(name, ...args) {
      this.call.commands.push([name, ...args]);
    }

    dispose() {
      this.call.disposed = true;
    }
  }

  window.JitsiMeetExternalAPI = JitsiMeetExternalAPI;
  window.__fireJitsi = (event, data = {}) => {
    let called = 0;
    for (const api of instances) {
      for (const listener of api.listeners[event] || []) {
        listener(data);
        called += 1;
      }
    }
    return called;
  };
})();
