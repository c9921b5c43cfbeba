/*
 * SEND parent guide web chat. One script tag on a council page:
 *   <script src=".../send-chat.js" defer data-bot-url="https://bot.example.gov.uk"
 *           data-council="Example Council" data-phone="01234 567890" data-email="send@example.gov.uk"
 *           data-privacy-url="/privacy/send-chat" data-colour="#1d70b8"></script>
 * Talks to Rasa's REST channel. Bot messages are rendered as text (links made safe), never as HTML.
 * Accessibility (WCAG 2.2 AA): real buttons with text names, aria-expanded, a labelled input,
 * a role="log" transcript, role="status" for typing, Esc closes and returns focus, 24px+ targets.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var cfg = {
    botUrl: (script.getAttribute("data-bot-url") || "").replace(/\/$/, ""),
    council: script.getAttribute("data-council") || "your council",
    phone: script.getAttribute("data-phone") || "",
    email: script.getAttribute("data-email") || "",
    privacyUrl: script.getAttribute("data-privacy-url") || "",
    colour: script.getAttribute("data-colour") || "",
    exitUrl: script.getAttribute("data-exit-url") || "https://www.bbc.co.uk/weather",
    lang: script.getAttribute("data-lang") || "en-GB"
  };
  var STORE = "send-chat:";
  var TIMEOUT_MS = 15000;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key.indexOf("on") === 0) node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function store(key, value) {
    try {
      if (value === undefined) return JSON.parse(sessionStorage.getItem(STORE + key));
      if (value === null) sessionStorage.removeItem(STORE + key);
      else sessionStorage.setItem(STORE + key, JSON.stringify(value));
    } catch (e) { return null; }
    return null;
  }

  function newSenderId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // Text with safe links: only http(s) URLs become links; everything else stays text.
  function renderText(container, text) {
    var urlPattern = /(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])/g;
    String(text).split("\n").forEach(function (line, index) {
      if (index > 0) container.appendChild(document.createElement("br"));
      var last = 0;
      line.replace(urlPattern, function (url, _group, offset) {
        container.appendChild(document.createTextNode(line.slice(last, offset)));
        container.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer",
          "class": "govuk-link", text: url + " (opens in new tab)" }));
        last = offset + url.length;
        return url;
      });
      container.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  var state = {
    sender: store("sender") || newSenderId(),
    history: store("history") || [],
    open: store("open") || false,
    started: store("started") || false
  };
  store("sender", state.sender);

  var launcher = el("button", { type: "button", "class": "send-chat__launcher govuk-button",
    "aria-expanded": "false", "aria-controls": "send-chat-panel", text: "Ask about SEND support" });
  var log = el("div", { "class": "send-chat__log", role: "log", "aria-live": "polite",
    "aria-label": "Conversation", tabindex: "0" });
  var status = el("p", { "class": "send-chat__status govuk-body-s", role: "status" });
  var input = el("textarea", { id: "send-chat-input", "class": "govuk-textarea send-chat__input",
    rows: "2", autocomplete: "off", maxlength: "2000" });
  var sendButton = el("button", { type: "submit", "class": "govuk-button send-chat__send", text: "Send" });
  var form = el("form", { "class": "send-chat__form", onsubmit: function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { setStatus("Please type a question first."); input.focus(); return; }
    input.value = "";
    send(text, text);
  } }, [
    el("label", { "for": "send-chat-input", "class": "govuk-label", text: "Your message" }),
    input, sendButton
  ]);

  var contactBits = [];
  if (cfg.phone) contactBits.push("phone " + cfg.phone);
  if (cfg.email) contactBits.push("email " + cfg.email);
  var alternative = contactBits.length
    ? "You can also contact " + cfg.council + ": " + contactBits.join(" or ") + "."
    : "You can also contact your local SENDIASS or " + cfg.council + " by phone or email.";

  var privacy = el("div", { "class": "send-chat__privacy" }, [
    el("h3", { "class": "govuk-heading-s", text: "Before you start" }),
    el("p", { "class": "govuk-body-s", text: "This is an automated assistant, not a person. It gives " +
      "general information, not legal advice. Please do not type names, addresses or other personal " +
      "details. Conversations are kept for 30 days to improve the service, then deleted." }),
    cfg.privacyUrl ? el("p", { "class": "govuk-body-s" }, [el("a", { href: cfg.privacyUrl,
      "class": "govuk-link", text: "Read the privacy notice" })]) : null,
    el("button", { type: "button", "class": "govuk-button send-chat__start", text: "Start chat",
      onclick: function () { state.started = true; store("started", true); render(); input.focus();
        if (!state.history.length) send("/greet", null); } })
  ]);

  var panel = el("section", { id: "send-chat-panel", "class": "send-chat__panel", lang: cfg.lang,
    "aria-labelledby": "send-chat-title", hidden: "" }, [
    el("div", { "class": "send-chat__header" }, [
      el("h2", { id: "send-chat-title", "class": "govuk-heading-s send-chat__title", text: "SEND parent guide" }),
      el("button", { type: "button", "class": "govuk-button govuk-button--secondary send-chat__close",
        text: "Close chat", onclick: function () { setOpen(false); } })
    ]),
    el("p", { "class": "govuk-body-s send-chat__bot-note", text: "Automated assistant. " + alternative }),
    el("div", { "class": "send-chat__tools" }, [
      el("button", { type: "button", "class": "govuk-button govuk-button--warning send-chat__exit",
        text: "Exit this page", onclick: exitPage }),
      el("button", { type: "button", "class": "govuk-button govuk-button--secondary", text: "Start again",
        onclick: startAgain }),
      el("button", { type: "button", "class": "govuk-button govuk-button--secondary",
        text: "Download this conversation", onclick: download })
    ]),
    privacy, log, status, form
  ]);

  function exitPage() {
    store("history", null); store("open", null); store("started", null); store("sender", null);
    window.location.replace(cfg.exitUrl);
  }

  function setStatus(text) { status.textContent = text || ""; }

  function setOpen(open) {
    state.open = open; store("open", open);
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.textContent = open ? "Hide SEND support chat" : "Ask about SEND support";
    if (open) (state.started ? input : panel.querySelector(".send-chat__start")).focus();
    else launcher.focus();
  }

  function addMessage(who, text, buttons, persist) {
    var item = el("div", { "class": "send-chat__msg send-chat__msg--" + who });
    item.appendChild(el("span", { "class": "govuk-visually-hidden", text: who === "bot" ? "Guide said: " : "You said: " }));
    var body = el("div", { "class": "send-chat__text" });
    renderText(body, text);
    item.appendChild(body);
    if (buttons && buttons.length) {
      var group = el("div", { "class": "send-chat__replies", role: "group", "aria-label": "Suggested replies" });
      buttons.forEach(function (button) {
        group.appendChild(el("button", { type: "button", "class": "govuk-button govuk-button--secondary send-chat__reply",
          text: button.title, onclick: function () {
            var groups = log.querySelectorAll(".send-chat__replies");
            send(button.payload, button.title);
            Array.prototype.forEach.call(groups, function (g) { g.remove(); });
            input.focus();  // the button is gone: keep focus somewhere useful
          } }));
      });
      item.appendChild(group);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (persist !== false) {
      state.history.push({ who: who, text: text, buttons: buttons || [] });
      store("history", state.history.slice(-200));
    }
  }

  function send(payload, shown) {
    if (shown) addMessage("user", shown);
    setStatus("The guide is typing…");
    sendButton.disabled = true;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    fetch(cfg.botUrl + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: payload }),
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      if (res.status === 429) return res.json();  // rate limited: the reply says how long to wait
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    }).then(function (messages) {
      if (!messages.length) addMessage("bot", "Sorry, I don't have an answer for that. Could you ask in another way?");
      messages.forEach(function (m) {
        if (m.text) addMessage("bot", m.text, m.buttons);
        else if (m.buttons) addMessage("bot", "", m.buttons);
        if (m.custom && m.custom.ics) addCalendarLink(m.custom.ics);
      });
      setStatus("");
    }).catch(function () {
      addMessage("bot", "Sorry, I can't connect right now. Please try again in a moment. " + alternative);
      setStatus("");
    }).then(function () { clearTimeout(timer); sendButton.disabled = false; });
  }

  function addCalendarLink(ics) {
    var blob = new Blob([ics.content], { type: "text/calendar" });
    var link = el("a", { href: URL.createObjectURL(blob), download: ics.filename || "deadline.ics",
      "class": "govuk-link", text: "Add this deadline to your calendar (.ics file)" });
    var item = el("div", { "class": "send-chat__msg send-chat__msg--bot" }, [link]);
    log.appendChild(item);
  }

  function startAgain() {
    state.history = []; store("history", []);
    log.textContent = "";
    fetch(cfg.botUrl + "/webhooks/rest/webhook", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: "/start_again" }) }).catch(function () {});
    state.sender = newSenderId(); store("sender", state.sender);
    send("/greet", null);
    input.focus();
  }

  function download() {
    var lines = ["SEND parent guide conversation, " + new Date().toLocaleString("en-GB"), ""];
    state.history.forEach(function (m) {
      lines.push((m.who === "bot" ? "Guide: " : "You: ") + m.text);
    });
    var blob = new Blob([lines.join("\n") + "\n"], { type: "text/plain" });
    var link = el("a", { href: URL.createObjectURL(blob), download: "send-guide-conversation.txt" });
    document.body.appendChild(link); link.click(); link.remove();
    setStatus("Conversation downloaded.");
  }

  function render() {
    privacy.hidden = state.started;
    form.hidden = !state.started;
    log.hidden = !state.started;
  }

  launcher.addEventListener("click", function () { setOpen(!state.open); });
  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    var inChat = panel.contains(active) || active === document.body || active === launcher;
    if (event.key === "Escape" && state.open && inChat) { event.preventDefault(); setOpen(false); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  if (cfg.colour) document.documentElement.style.setProperty("--send-chat-colour", cfg.colour);

  var root = el("div", { "class": "send-chat" }, [launcher, panel]);
  document.body.appendChild(root);
  state.history.forEach(function (m) { addMessage(m.who, m.text, m.buttons, false); });
  render();
  if (state.open) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.textContent = "Hide SEND support chat";
  }
})();
