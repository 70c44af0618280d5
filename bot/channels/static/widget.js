/* Hip pain guide: web chat widget for Rasa's socket.io channel. No framework.
 *
 * Embed with one script tag (served by the bot at /webhooks/widget/widget.js, bundled with
 * socket.io-client) and an optional config object set before it:
 *   <script>window.HipbotWidget = {clinic_name: "Hill Street Physio", colours: {primary: "#00594f"}};</script>
 *   <script src="https://bot.example.org/webhooks/widget/widget.js" defer></script>
 *
 * Safety: bot text is only ever written with textContent / text nodes (never innerHTML); links
 * are made only from http(s) URLs. Accessibility: real <button>s (44px targets), a labelled
 * input, the conversation in role="log" (announced politely), the escalation banner in
 * role="alert", Escape closes the panel and returns focus to the launcher.
 * History: the session id and the rendered messages are kept in sessionStorage (or
 * localStorage with storage: "local"); the server keeps the conversation (session_persistence).
 */
(function () {
  "use strict";
  var SERVER_CONFIG = {} /* @server-config */;
  var io = window.io;
  var script = document.currentScript;
  var scriptBase = script && script.src ? script.src.replace(/\/[^\/]*$/, "") : "";

  function merge(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (k) { out[k] = base[k]; });
    Object.keys(extra || {}).forEach(function (k) {
      var v = extra[k];
      out[k] = v && typeof v === "object" && !Array.isArray(v) && typeof out[k] === "object" ? merge(out[k], v) : v;
    });
    return out;
  }

  var cfg = merge(SERVER_CONFIG, window.HipbotWidget || {});
  var labels = cfg.labels || {};
  var serverUrl = cfg.server_url || (scriptBase ? new URL(scriptBase).origin : window.location.origin);
  var KEY = "hipbot." + serverUrl + ".";

  // ---- storage (may be unavailable, e.g. blocked cookies: then the widget just forgets) ----
  var store = (function () {
    try {
      var s = cfg.storage === "local" ? window.localStorage : window.sessionStorage;
      s.setItem(KEY + "probe", "1");
      s.removeItem(KEY + "probe");
      return s;
    } catch (e) { return null; }
  })();
  function load(name, fallback) {
    try { var v = store && store.getItem(KEY + name); return v ? JSON.parse(v) : fallback; }
    catch (e) { return fallback; }
  }
  function save(name, value) {
    try { if (store) store.setItem(KEY + name, JSON.stringify(value)); } catch (e) { /* full */ }
  }

  function newSessionId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var state = {
    sessionId: load("session", null) || newSessionId(),
    history: load("history", []),
    banner: load("banner", null),
    open: load("open", false)
  };
  save("session", state.sessionId);

  // ---- colours: keep every pair readable (WCAG AA 4.5:1) even if a clinic picks a light colour ----
  function luminance(hex) {
    var m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return null;
    var n = parseInt(m[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255].map(function (c) {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }).reduce(function (sum, c, i) { return sum + c * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    if (la === null || lb === null) return 0;
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function readableOn(bg, preferred) {
    if (contrast(bg, preferred) >= 4.5) return preferred;
    return contrast(bg, "#ffffff") >= contrast(bg, "#000000") ? "#ffffff" : "#000000";
  }

  // ---- DOM helpers: text only ever goes through text nodes ----
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  var URL_RE = /(https?:\/\/[^\s<>"'\])]+[^\s<>"'\]).,;:!?])/g;
  function richText(text) {
    // Plain text with http(s) URLs turned into links; line breaks kept by CSS (pre-line).
    var frag = document.createDocumentFragment();
    var last = 0;
    String(text).replace(URL_RE, function (url, _g, offset) {
      frag.appendChild(document.createTextNode(text.slice(last, offset)));
      frag.appendChild(el("a", {href: url, target: "_blank", rel: "noopener noreferrer", text: url}));
      last = offset + url.length;
      return url;
    });
    frag.appendChild(document.createTextNode(String(text).slice(last)));
    return frag;
  }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  // ---- building the widget ----
  var ids = {panel: "hipbot-panel", log: "hipbot-log", input: "hipbot-input", title: "hipbot-title"};
  var root = el("div", {className: "hipbot", "data-hipbot": ""});
  var colours = cfg.colours || {};
  var vars = {
    "--hb-primary": colours.primary, "--hb-on-primary": readableOn(colours.primary, colours.on_primary),
    "--hb-bg": colours.background, "--hb-text": readableOn(colours.background, colours.text),
    "--hb-bot": colours.bot_bubble, "--hb-bot-text": readableOn(colours.bot_bubble, colours.text),
    "--hb-emergency": colours.emergency, "--hb-on-emergency": readableOn(colours.emergency, colours.on_emergency),
    "--hb-urgent": colours.urgent, "--hb-on-urgent": readableOn(colours.urgent, colours.on_urgent)
  };
  Object.keys(vars).forEach(function (k) { if (vars[k]) root.style.setProperty(k, vars[k]); });

  var launcher = el("button", {type: "button", className: "hipbot-launcher", "aria-expanded": "false",
                               "aria-controls": ids.panel, text: labels.launcher});
  var closeButton = el("button", {type: "button", className: "hipbot-close", "aria-label": labels.close, text: "×"});
  var header = el("div", {className: "hipbot-header"}, [
    cfg.logo_url ? el("img", {className: "hipbot-logo", src: cfg.logo_url, alt: ""}) : null,
    el("div", {className: "hipbot-titles"}, [
      el("h2", {id: ids.title, className: "hipbot-title", text: cfg.title || cfg.clinic_name}),
      cfg.subtitle ? el("p", {className: "hipbot-subtitle", text: cfg.subtitle}) : null
    ]),
    closeButton
  ]);
  var banner = el("div", {className: "hipbot-banner", role: "alert"});
  var log = el("div", {id: ids.log, className: "hipbot-log", role: "log", "aria-live": "polite",
                       "aria-relevant": "additions", "aria-label": labels.conversation, tabindex: "0"});
  var status = el("p", {className: "hipbot-status", role: "status"});
  var input = el("input", {id: ids.input, className: "hipbot-input", type: "text", autocomplete: "off",
                           maxlength: "2000", placeholder: labels.placeholder});
  var sendButton = el("button", {type: "submit", className: "hipbot-send", text: labels.send});
  var form = el("form", {className: "hipbot-form"}, [
    el("label", {"for": ids.input, className: "hipbot-visually-hidden", text: labels.input}), input, sendButton
  ]);
  var footer = cfg.privacy_url ? el("p", {className: "hipbot-footer"}, [
    el("a", {href: cfg.privacy_url, target: "_blank", rel: "noopener noreferrer", text: labels.privacy})
  ]) : null;
  var panel = el("section", {id: ids.panel, className: "hipbot-panel", "aria-labelledby": ids.title},
                 [header, banner, log, status, form, footer]);
  panel.hidden = true;
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- messages ----
  function renderBanner() {
    banner.textContent = "";
    var b = state.banner;
    var text = b && cfg.banners && cfg.banners[b.level];
    banner.hidden = !text;
    if (!text) return;
    banner.className = "hipbot-banner hipbot-banner-" + b.level;
    var number = b.emergency_number || cfg.emergency_number;
    banner.appendChild(el("strong", {text: text.heading}));
    banner.appendChild(document.createTextNode(" " + text.action + " "));
    if (number) {
      banner.appendChild(el("a", {href: "tel:" + String(number).replace(/[^0-9+]/g, ""),
                                  className: "hipbot-call", text: fill(labels.call, {number: number})}));
    }
  }

  function safeFilename(name) {
    var clean = String(name || "summary.html").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "");
    return clean.slice(0, 100) || "summary.html";
  }
  function download(item) {
    var mime = /^[a-z]+\/[a-z0-9.+-]+$/i.test(item.mime || "") ? item.mime : "text/plain";
    var blob = new Blob([String(item.content || "")], {type: mime + ";charset=utf-8"});
    var url = URL.createObjectURL(blob);
    var a = el("a", {href: url, download: safeFilename(item.filename)});
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function renderMessage(msg) {
    var who = msg.from === "user" ? labels.you : labels.bot;
    var item = el("div", {className: "hipbot-msg hipbot-msg-" + msg.from}, [
      el("span", {className: "hipbot-visually-hidden", text: who + ": "})
    ]);
    if (msg.text) item.appendChild(el("p", {className: "hipbot-text"}, [richText(msg.text)]));
    if (msg.download) {
      var button = el("button", {type: "button", className: "hipbot-download", text: labels.download});
      button.addEventListener("click", function () { download(msg.download); });
      item.appendChild(button);
    }
    if (msg.buttons && msg.buttons.length && !msg.answered) {
      var group = el("div", {className: "hipbot-replies", role: "group", "aria-label": labels.suggestions});
      msg.buttons.forEach(function (b) {
        var button = el("button", {type: "button", className: "hipbot-reply", text: b.title});
        button.addEventListener("click", function () { send(b.payload, b.title); });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    return item;
  }

  function renderAll() {
    log.textContent = "";
    state.history.forEach(function (m) { log.appendChild(renderMessage(m)); });
    log.scrollTop = log.scrollHeight;
  }

  function add(msg) {
    state.history.push(msg);
    save("history", state.history);
    log.appendChild(renderMessage(msg));
    log.scrollTop = log.scrollHeight;
  }

  function retireButtons() {
    // Suggested replies belong to the question they answer: once the person replies, they go.
    var changed = false;
    state.history.forEach(function (m) { if (m.buttons && m.buttons.length && !m.answered) { m.answered = true; changed = true; } });
    if (!changed) return;
    var groups = log.querySelectorAll(".hipbot-replies");
    Array.prototype.forEach.call(groups, function (g) { g.parentNode.removeChild(g); });
  }

  /* A bot message as emitted by the socket.io channel: {text, quick_replies|buttons} or
     {custom: {triage: {...}}} / {custom: {download: {...}}}. */
  function receive(data) {
    if (!data || typeof data !== "object") return;
    var buttons = (data.quick_replies || data.buttons || []).filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return {title: b.title, payload: b.payload}; });
    if (typeof data.text === "string" && data.text.trim()) {
      add({from: "bot", text: data.text, buttons: buttons});
    }
    var custom = data.custom && typeof data.custom === "object" ? data.custom : {};
    var triage = custom.triage;
    if (triage && typeof triage.level === "string" && (cfg.banner_levels || []).indexOf(triage.level) >= 0) {
      state.banner = {level: triage.level, emergency_number: triage.emergency_number};
      save("banner", state.banner);
      renderBanner();
    }
    var d = custom.download;
    if (d && typeof d === "object" && typeof d.content === "string") {
      add({from: "bot", download: {filename: String(d.filename || ""), mime: String(d.mime || ""), content: d.content}});
    }
  }

  // ---- the connection ----
  var socket = null;
  function setStatus(text) { status.textContent = text || ""; }
  function connect() {
    if (socket || typeof io !== "function") return;
    setStatus(labels.connecting);
    // Long-polling only: the websocket upgrade does not complete against Rasa 3.6's Sanic (README).
    socket = io(serverUrl, {path: cfg.socket_path || "/socket.io", transports: cfg.transports || ["polling"], upgrade: false});
    socket.on("connect", function () {
      socket.emit("session_request", {session_id: state.sessionId});
    });
    socket.on("session_confirm", function () { setStatus(""); });
    socket.on("connect_error", function () { setStatus(labels.offline); });
    socket.on("disconnect", function () { setStatus(labels.offline); });
    socket.on(cfg.bot_message_evt || "bot_uttered", receive);
  }

  function send(message, shown) {
    var text = String(message || "").trim();
    if (!text) return;
    connect();
    retireButtons();
    add({from: "user", text: shown || text});
    socket.emit(cfg.user_message_evt || "user_uttered", {message: text, session_id: state.sessionId});
    input.focus();
  }

  function setOpen(open, focusTarget) {
    state.open = open;
    save("open", open);
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.hidden = open;
    if (open) { connect(); log.scrollTop = log.scrollHeight; }
    if (focusTarget) focusTarget.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  launcher.addEventListener("click", function () { setOpen(true, input); });
  closeButton.addEventListener("click", function () { setOpen(false, launcher); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false, launcher);
  });

  function mount() {
    if (scriptBase && !document.querySelector("link[data-hipbot]")) {
      var css = el("link", {rel: "stylesheet", href: scriptBase + "/widget.css", "data-hipbot": ""});
      document.head.appendChild(css);
    }
    renderAll();   // before insertion, so restored history is not announced again
    renderBanner();
    document.body.appendChild(root);
    if (state.open) setOpen(true);
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);

  window.hipbotWidget = {
    open: function () { setOpen(true, input); },
    close: function () { setOpen(false, launcher); },
    send: send,
    receive: receive,
    config: cfg
  };
})();
