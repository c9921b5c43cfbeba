/*
 * SEND parent guide web chat. One script tag on a council page:
 *   <script src=".../send-chat.js" defer data-bot-url="https://bot.example.gov.uk"
 *           data-council="Example Council" data-phone="01234 567890" data-email="send@example.gov.uk"
 *           data-privacy-url="/privacy/send-chat" data-colour="#1d70b8"></script>
 * Talks to Rasa's REST channel. Bot messages are rendered as text (links made safe), never as HTML.
 * An answer that states facts comes with a `custom` message {source: {title, url, reviewed}, feedback: key}:
 * shown under the answer as "Source: <name>" (a link to the sources page on the web server, data-web-url,
 * by default where this script comes from) and "Was this helpful? Yes / No", sent once to the web server's
 * /chat/feedback.
 * Accessibility (WCAG 2.2 AA): real buttons with text names, aria-expanded, a labelled input,
 * a role="log" transcript, role="status" for typing, Esc closes and returns focus, 24px+ targets.
 * On a phone (40rem = 640px wide or less) the open chat is a full-screen modal dialog: the rest of the
 * page is made inert, the header is compact (title, Close, Exit this page, a "More" disclosure) and the
 * panel follows the visual viewport, so the conversation shrinks rather than hides behind the keyboard.
 * "Exit this page" behaves like GOV.UK Frontend's component: a sticky warning button, or Shift pressed
 * three times within 5 seconds anywhere on the page; it forgets the chat and replaces the history entry.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var DEFAULT_COLOUR = "#1d70b8";
  var cfg = {
    botUrl: (script.getAttribute("data-bot-url") || "").replace(/\/$/, ""),
    webUrl: (script.getAttribute("data-web-url") || new URL(script.src, location.href).origin).replace(/\/$/, ""),
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
  var EXIT_PRESS_MS = 5000;  // as GOV.UK Frontend's Exit this page: 3 Shift presses, each within 5s
  var phoneQuery = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key.indexOf("on") === 0) node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var exiting = false;  // once leaving, nothing more is written (a late reply must not store the chat again)
  function store(key, value) {
    if (exiting && value !== undefined) return null;
    try {
      if (value === undefined) return JSON.parse(sessionStorage.getItem(STORE + key));
      if (value === null) sessionStorage.removeItem(STORE + key);
      else sessionStorage.setItem(STORE + key, JSON.stringify(value));
    } catch (e) { return null; }
    return null;
  }

  function clearStore() {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf(STORE) === 0) sessionStorage.removeItem(key);
      }
    } catch (e) { /* storage blocked: nothing kept */ }
  }

  function newSenderId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function isPhone() { return !!(phoneQuery && phoneQuery.matches); }

  // ---- Text with safe links ------------------------------------------------------------------------
  // Only http(s) URLs and UK phone numbers become links; everything else stays text (no innerHTML).
  var URL_PATTERN = /(https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?])/g;
  // 0808 800 5000, 01234 567890, 020 7946 0000, 0800 1111, +44 (0)20 7946 0000, 116 123, 999, 111.
  var PHONE_PATTERN = /(\+44\s?(?:\(0\)\s?)?\d{2,4}(?:[ -]?\d{3,4}){1,2}|\b0\d{2,4}(?:[ -]?\d{3,4}){1,2}\b|\b116 ?\d{3}\b|\b999\b|\b111\b)/g;

  // The link text for a long URL: host and path, the middle of a long path left out.
  function readableUrl(url) {
    var parsed;
    try { parsed = new URL(url); } catch (e) { return url; }
    var path = parsed.pathname.replace(/\/+$/, "");
    var text = parsed.host + path;
    if (text.length <= 60) return text;
    var segments = path.split("/").filter(Boolean);
    var last = segments.length ? segments[segments.length - 1] : "";
    text = parsed.host + (segments.length > 1 ? "/…/" : "/") + last;
    return text.length <= 80 ? text : text.slice(0, 79) + "…";
  }

  // The tel: address for a number as written, or null when the digits are not a UK phone number.
  function telHref(number, before) {
    var plus = number.charAt(0) === "+";
    var digits = number.replace(/\(0\)/, "").replace(/\D/g, "");
    var prev = before.slice(-1);
    if (/[0-9A-Za-z£$€.,\/:#-]/.test(prev)) return null;  // part of a price, a reference or a longer number
    if (plus) return digits.length >= 11 && digits.length <= 12 ? "tel:+" + digits : null;
    if (digits.charAt(0) === "0") {
      if (digits.length === 10 || digits.length === 11) return "tel:" + digits;
      return /^080\d{5,7}$/.test(digits) ? "tel:" + digits : null;  // freephone: 0800 1111 (Childline)
    }
    if (digits === "111") return /\b(call|ring|dial|phone|on|NHS)\s+$/i.test(before) ? "tel:111" : null;
    return "tel:" + digits;  // 999, 116 123 and the other 116 helplines
  }

  function appendPhones(container, text) {
    var last = 0;
    text.replace(PHONE_PATTERN, function (number, _group, offset) {
      var href = telHref(number, text.slice(0, offset));
      var next = text.charAt(offset + number.length);
      if (!href || /[0-9%£]/.test(next)) return number;
      container.appendChild(document.createTextNode(text.slice(last, offset)));
      container.appendChild(el("a", { href: href, "class": "govuk-link send-chat__tel", text: number }));
      last = offset + number.length;
      return number;
    });
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderText(container, text) {
    String(text).split("\n").forEach(function (line, index) {
      if (index > 0) container.appendChild(document.createElement("br"));
      var last = 0;
      line.replace(URL_PATTERN, function (url, _group, offset) {
        appendPhones(container, line.slice(last, offset));
        container.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer",
          "class": "govuk-link send-chat__url", text: readableUrl(url) + " (opens in new tab)" }));
        last = offset + url.length;
        return url;
      });
      appendPhones(container, line.slice(last));
    });
  }

  // ---- Colour: WCAG contrast with white text -------------------------------------------------------
  function channel(value) {
    var c = value / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  function contrastWithWhite(rgb) {
    var luminance = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    return 1.05 / (luminance + 0.05);
  }
  // Any CSS colour, resolved by the browser; null if it is not a colour or is see-through.
  function parseColour(value, parent) {
    var probe = el("span", { hidden: "" });
    probe.style.color = "";
    probe.style.color = value;
    if (!probe.style.color) return null;
    parent.appendChild(probe);
    var resolved = getComputedStyle(probe).color;
    probe.remove();
    var parts = resolved.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,\/]\s*([\d.]+))?/);
    if (!parts || (parts[4] !== undefined && parseFloat(parts[4]) < 1)) return null;
    return [parseFloat(parts[1]), parseFloat(parts[2]), parseFloat(parts[3])];
  }
  function applyColour(root) {
    if (!cfg.colour) return;
    var rgb = parseColour(cfg.colour, root);
    if (!rgb) {
      console.warn("send-chat: data-colour \"" + cfg.colour + "\" is not a solid colour; using the default " +
        DEFAULT_COLOUR + ".");
      return;
    }
    var ratio = contrastWithWhite(rgb);
    if (ratio < 4.5) {
      console.warn("send-chat: data-colour \"" + cfg.colour + "\" gives only " + ratio.toFixed(2) +
        ":1 contrast with white text (WCAG 2.2 AA needs 4.5:1); using the default " + DEFAULT_COLOUR + ".");
      return;
    }
    var dark = rgb.map(function (c) { return Math.round(c * 0.7); });
    root.style.setProperty("--send-chat-colour", "rgb(" + rgb.join(", ") + ")");
    root.style.setProperty("--send-chat-colour-dark", "rgb(" + dark.join(", ") + ")");
  }

  // ---- An answer's source and "Was this helpful?" ---------------------------------------------------
  var THANKS = "Thank you for your feedback.";
  var NOT_SENT = "Sorry, your answer was not sent. Please try again.";
  var feedbackCount = 0;

  // The source and feedback key from a `custom` message, checked; null if it has neither.
  function answerExtras(custom) {
    if (!custom || typeof custom !== "object") return null;
    var extras = {};
    var source = custom.source;
    if (source && typeof source.title === "string" && source.title.trim()) {
      extras.source = { title: source.title.trim().slice(0, 150) };
      try {
        var url = new URL(String(source.url || ""), cfg.webUrl + "/");
        if (url.protocol === "https:" || url.protocol === "http:") extras.source.url = url.href;
      } catch (e) { /* no link: the name alone */ }
      if (/^\d{4}-\d{2}-\d{2}$/.test(source.reviewed || "")) extras.source.reviewed = source.reviewed;
    }
    if (typeof custom.feedback === "string" && /^[a-z0-9_\/]{1,120}$/.test(custom.feedback)) {
      extras.feedback = { answer: custom.feedback, given: null };
    }
    return extras.source || extras.feedback ? extras : null;
  }

  function longDate(iso) {
    return new Date(iso + "T00:00:00Z").toLocaleDateString("en-GB",
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function sourceLine(source) {
    var line = el("p", { "class": "govuk-body-s send-chat__source" }, ["Source: "]);
    line.appendChild(source.url
      ? el("a", { href: source.url, target: "_blank", rel: "noopener noreferrer", "class": "govuk-link",
          text: source.title + " (opens in new tab)" })
      : document.createTextNode(source.title));
    if (source.reviewed) line.appendChild(document.createTextNode(". Checked " + longDate(source.reviewed) + "."));
    return line;
  }

  // "Was this helpful? Yes / No": one answer per message, kept with the conversation, announced politely.
  function feedbackBlock(entry) {
    var box = el("div", { "class": "send-chat__feedback" });
    var said = el("p", { "class": "govuk-body-s send-chat__feedback-status", role: "status" });
    var id = "send-chat-helpful-" + (++feedbackCount);
    function choice(helpful) {
      return el("button", { type: "button", "class": "govuk-button govuk-button--secondary send-chat__feedback-button",
        onclick: function () { giveFeedback(entry, helpful, show); } },
        [helpful ? "Yes" : "No", el("span", { "class": "govuk-visually-hidden",
          text: helpful ? " this answer was helpful" : " this answer was not helpful" })]);
    }
    var group = el("div", { "class": "send-chat__feedback-group", role: "group", "aria-labelledby": id }, [
      el("span", { id: id, "class": "govuk-body-s send-chat__feedback-question", text: "Was this helpful?" }),
      choice(true), choice(false)
    ]);
    function show(message) {
      group.hidden = !!entry.feedback.given;
      said.textContent = entry.feedback.given ? THANKS : (message || "");
    }
    box.appendChild(group);
    box.appendChild(said);
    if (entry.feedback.given) { group.hidden = true; said.textContent = THANKS; }
    return box;
  }

  function giveFeedback(entry, helpful, show) {
    if (entry.feedback.given) return;  // one answer per message
    var sender = state.sender;
    entry.feedback.given = helpful ? "yes" : "no";
    saveHistory();
    show();
    focusForTyping();  // the buttons are gone: keep focus somewhere useful
    fetch(cfg.webUrl + "/chat/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, answer: entry.feedback.answer, helpful: helpful })
    }).then(function (res) {
      // 400 and 404 (not an answer of this conversation) cannot be put right by trying again.
      if (!res.ok && res.status !== 400 && res.status !== 404) throw new Error("HTTP " + res.status);
    }).catch(function () {
      if (sender !== state.sender) return;  // the conversation was started again or deleted meanwhile
      entry.feedback.given = null;
      saveHistory();
      show(NOT_SENT);
    });
  }

  // ---- State ----------------------------------------------------------------------------------------
  // history entries: {who: "bot"|"user", text, buttons, used (quick replies taken), ics ({filename, content}),
  //   source ({title, url, reviewed}), feedback ({answer, given: null|"yes"|"no"})}
  var state = {
    sender: store("sender") || newSenderId(),
    history: store("history") || [],
    open: store("open") || false,
    started: store("started") || false
  };
  store("sender", state.sender);

  function saveHistory() {
    state.history = state.history.slice(-200);
    store("history", state.history);
  }

  // ---- Building the widget --------------------------------------------------------------------------
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
    el("div", { "class": "send-chat__form-top" }, [
      el("label", { "for": "send-chat-input", "class": "govuk-label send-chat__label", text: "Your message" }),
      status
    ]),
    el("div", { "class": "send-chat__form-row" }, [input, sendButton])
  ]);

  var contactBits = [];
  if (cfg.phone) contactBits.push("phone " + cfg.phone);
  if (cfg.email) contactBits.push("email " + cfg.email);
  var alternative = contactBits.length
    ? "You can also contact " + cfg.council + ": " + contactBits.join(" or ") + "."
    : "You can also contact your local SENDIASS or " + cfg.council + " by phone or email.";

  var startButton = el("button", { type: "button", "class": "govuk-button send-chat__start", text: "Start chat",
    onclick: function () {
      state.started = true; store("started", true); render();
      focusForTyping();
      if (!state.history.length) send("/greet", null);
    } });
  var privacy = el("div", { "class": "send-chat__privacy" }, [
    el("h3", { "class": "govuk-heading-s", text: "Before you start" }),
    el("p", { "class": "govuk-body-s", text: "This is an automated assistant, not a person. It gives " +
      "general information, not legal advice. Please do not type names, addresses or other personal " +
      "details. Conversations are kept for 30 days to improve the service, then deleted." }),
    cfg.privacyUrl ? el("p", { "class": "govuk-body-s" }, [el("a", { href: cfg.privacyUrl,
      "class": "govuk-link", text: "Read the privacy notice" })]) : null,
    startButton
  ]);

  // Exit this page, built as GOV.UK Frontend builds it: a warning "button" link with a hidden
  // "Emergency" prefix, an indicator of Shift presses, and a status message for screen readers.
  var exitIndicator = el("span", { "class": "send-chat__exit-indicator", "aria-hidden": "true" }, [
    el("span", { "class": "send-chat__exit-light" }), el("span", { "class": "send-chat__exit-light" }),
    el("span", { "class": "send-chat__exit-light" })
  ]);
  var exitLink = el("a", { href: cfg.exitUrl, role: "button", draggable: "false", rel: "nofollow noreferrer",
    "class": "govuk-button govuk-button--warning send-chat__exit",
    onclick: function (event) { event.preventDefault(); exitPage(); },
    onkeydown: function (event) { if (event.key === " ") { event.preventDefault(); exitPage(); } }
  }, [el("span", { "class": "govuk-visually-hidden", text: "Emergency" }), " Exit this page", exitIndicator]);
  var exitStatus = el("span", { "class": "govuk-visually-hidden", role: "status" });

  var moreToggle = el("button", { type: "button", "class": "govuk-button govuk-button--secondary send-chat__more-toggle",
    "aria-expanded": "false", "aria-controls": "send-chat-more",
    onclick: function () { setMore(moreToggle.getAttribute("aria-expanded") !== "true"); }
  }, ["More", el("span", { "class": "govuk-visually-hidden", text: " options" })]);
  var more = el("div", { id: "send-chat-more", "class": "send-chat__more" }, [
    el("button", { type: "button", "class": "govuk-button govuk-button--secondary", text: "Start again",
      onclick: startAgain }),
    el("button", { type: "button", "class": "govuk-button govuk-button--secondary",
      text: "Download this conversation", onclick: download }),
    cfg.privacyUrl ? el("a", { href: cfg.privacyUrl, "class": "govuk-link send-chat__privacy-link",
      text: "Privacy notice" }) : null
  ]);

  var title = el("h2", { id: "send-chat-title", "class": "govuk-heading-s send-chat__title", tabindex: "-1",
    text: "SEND parent guide" });
  var closeButton = el("button", { type: "button", "class": "govuk-button govuk-button--secondary send-chat__close",
    onclick: function () { setOpen(false); } }, ["Close", el("span", { "class": "govuk-visually-hidden", text: " chat" })]);
  var header = el("div", { "class": "send-chat__header" }, [
    el("div", { "class": "send-chat__bar" }, [title, closeButton]),
    el("div", { "class": "send-chat__bar send-chat__tools" }, [exitLink, moreToggle]),
    more
  ]);

  var panel = el("section", { id: "send-chat-panel", "class": "send-chat__panel", lang: cfg.lang,
    "aria-labelledby": "send-chat-title", hidden: "" }, [
    header,
    el("p", { "class": "govuk-body-s send-chat__bot-note", text: "Automated assistant. " + alternative }),
    privacy, log, form
  ]);
  var root = el("div", { "class": "send-chat" }, [launcher, panel, exitStatus]);

  // ---- Exit this page -------------------------------------------------------------------------------
  var exitOverlay = null;
  function exitPage() {
    exiting = true;
    clearStore();
    exitStatus.textContent = "";
    document.body.classList.add("send-chat-exiting");  // hide the page at once, as GOV.UK does
    exitOverlay = el("div", { "class": "send-chat-exit-overlay", role: "alert", text: "Loading." });
    document.body.appendChild(exitOverlay);
    window.location.replace(cfg.exitUrl);  // the chat page does not stay in the history
  }
  window.addEventListener("pageshow", function () {
    document.body.classList.remove("send-chat-exiting");
    if (exitOverlay) { exitOverlay.remove(); exitOverlay = null; }
  });

  var shiftPresses = 0, lastKeyWasModified = false, pressTimer = null, messageTimer = null;
  function updateIndicator() {
    exitIndicator.classList.toggle("send-chat__exit-indicator--visible", shiftPresses > 0);
    Array.prototype.forEach.call(exitIndicator.children, function (light, index) {
      light.classList.toggle("send-chat__exit-light--on", index < shiftPresses);
    });
  }
  function resetShiftPresses() {
    if (pressTimer) { clearTimeout(pressTimer); pressTimer = null; }
    shiftPresses = 0;
    exitStatus.textContent = "Exit this page expired.";
    messageTimer = setTimeout(function () { exitStatus.textContent = ""; }, EXIT_PRESS_MS);
    updateIndicator();
  }
  document.addEventListener("keyup", function (event) {
    if (event.key === "Shift" && !lastKeyWasModified) {
      shiftPresses += 1;
      updateIndicator();
      if (messageTimer) { clearTimeout(messageTimer); messageTimer = null; }
      if (pressTimer) { clearTimeout(pressTimer); pressTimer = null; }
      if (shiftPresses >= 3) { shiftPresses = 0; exitPage(); }
      else {
        exitStatus.textContent = shiftPresses === 1 ? "Shift, press 2 more times to exit."
          : "Shift, press 1 more time to exit.";
        pressTimer = setTimeout(resetShiftPresses, EXIT_PRESS_MS);
      }
    } else if (pressTimer) {
      resetShiftPresses();  // another key in between: start counting again
    }
    lastKeyWasModified = event.shiftKey;
  }, true);

  // ---- Opening, closing, the phone dialog -----------------------------------------------------------
  function setStatus(text) { status.textContent = text || ""; }

  var madeInert = [];
  function applyMode() {
    var modal = state.open && isPhone();
    if (modal) {
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-modal", "true");
      document.documentElement.classList.add("send-chat-modal-open");
      Array.prototype.forEach.call(document.body.children, function (node) {
        if (node === root || node.hasAttribute("inert") || /^(SCRIPT|STYLE|TEMPLATE)$/.test(node.tagName)) return;
        node.setAttribute("inert", "");
        madeInert.push(node);
      });
    } else {
      panel.removeAttribute("role");
      panel.removeAttribute("aria-modal");
      document.documentElement.classList.remove("send-chat-modal-open");
      madeInert.forEach(function (node) { node.removeAttribute("inert"); });
      madeInert = [];
    }
    fitViewport();
  }

  // The panel follows the visual viewport on a phone, so the on-screen keyboard shrinks the
  // conversation instead of covering it (100dvh is the fallback when visualViewport is missing).
  var stickToBottom = false;
  function fitViewport() {
    var vv = window.visualViewport;
    if (!state.open || !isPhone() || !vv || Math.abs(vv.scale - 1) > 0.01) {
      panel.style.height = ""; panel.style.top = "";
    } else {
      panel.style.height = vv.height + "px";
      panel.style.top = vv.offsetTop + "px";
    }
    if (stickToBottom) log.scrollTop = log.scrollHeight;
  }
  log.addEventListener("scroll", function () {
    stickToBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  });
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", fitViewport);
    window.visualViewport.addEventListener("scroll", fitViewport);
  }
  // Turned or resized into a phone with the chat open: it becomes the modal dialog, with focus inside.
  function modeChanged() {
    applyMode();
    if (state.open && isPhone() && !panel.contains(document.activeElement)) title.focus();
  }
  if (phoneQuery) {
    if (phoneQuery.addEventListener) phoneQuery.addEventListener("change", modeChanged);
    else if (phoneQuery.addListener) phoneQuery.addListener(modeChanged);
  }

  // On a phone, focus goes where it does not raise the keyboard over the conversation.
  function focusForTyping() {
    if (isPhone()) log.focus({ preventScroll: true }); else input.focus();
  }

  function setMore(open) {
    moreToggle.setAttribute("aria-expanded", open ? "true" : "false");
    more.classList.toggle("send-chat__more--open", open);
  }

  function setOpen(open) {
    state.open = open; store("open", open);
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    launcher.textContent = open ? "Hide SEND support chat" : "Ask about SEND support";
    setMore(false);
    applyMode();
    if (open) {
      if (!state.started) startButton.focus();
      else if (isPhone()) title.focus();
      else input.focus();
    } else {
      launcher.focus();
    }
  }

  // ---- Messages -------------------------------------------------------------------------------------
  function calendarItem(ics) {
    var blob = new Blob([ics.content], { type: "text/calendar" });
    var link = el("a", { href: URL.createObjectURL(blob), download: ics.filename || "deadline.ics",
      "class": "govuk-button govuk-button--secondary send-chat__ics", draggable: "false",
      text: "Add this deadline to your calendar (.ics file)" });
    return el("div", { "class": "send-chat__msg send-chat__msg--bot send-chat__msg--ics" }, [link]);
  }

  function useReplies() {
    state.history.forEach(function (entry) { if (entry.buttons && entry.buttons.length) entry.used = true; });
    saveHistory();
    Array.prototype.forEach.call(log.querySelectorAll(".send-chat__replies"), function (g) { g.remove(); });
  }

  function renderEntry(entry) {
    if (entry.ics) return calendarItem(entry.ics);
    var who = entry.who;
    var item = el("div", { "class": "send-chat__msg send-chat__msg--" + who });
    item.appendChild(el("span", { "class": "govuk-visually-hidden", text: who === "bot" ? "Guide said: " : "You said: " }));
    var body = el("div", { "class": "send-chat__text" });
    renderText(body, entry.text);
    item.appendChild(body);
    if (entry.source) item.appendChild(sourceLine(entry.source));
    if (entry.buttons && entry.buttons.length && !entry.used) {
      var group = el("div", { "class": "send-chat__replies", role: "group", "aria-label": "Suggested replies" });
      entry.buttons.forEach(function (button) {
        group.appendChild(el("button", { type: "button", "class": "govuk-button govuk-button--secondary send-chat__reply",
          text: button.title, onclick: function () {
            useReplies();  // a used set of replies does not come back, not even after a reload
            send(button.payload, button.title);
            focusForTyping();  // the button is gone: keep focus somewhere useful
          } }));
      });
      item.appendChild(group);
    }
    if (entry.feedback) item.appendChild(feedbackBlock(entry));
    return item;
  }

  function addEntry(entry, persist) {
    var item = renderEntry(entry);
    log.appendChild(item);
    if (persist !== false) {
      state.history.push(entry);
      saveHistory();
    }
    return item;
  }

  function addMessage(who, text, buttons) {
    return addEntry({ who: who, text: text, buttons: buttons || [] });
  }

  // The first line of a new answer in view (not the bottom of a long answer).
  function scrollToMessage(item) {
    var top = item.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    log.scrollTop = Math.max(0, top - 8);
    stickToBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
  }
  function scrollToBottom() { log.scrollTop = log.scrollHeight; stickToBottom = true; }

  // 'Delete my conversation' done: nothing of it stays on screen or in this browser.
  function forgetConversation() {
    log.textContent = "";
    state.history = [];
    store("history", null);
    state.sender = newSenderId(); store("sender", state.sender);
  }

  function send(payload, shown) {
    if (shown) { addMessage("user", shown); scrollToBottom(); }
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
      var first = null;
      function note(item) { if (!first) first = item; }
      if (!messages.length) note(addMessage("bot", "Sorry, I don't have an answer for that. Could you ask in another way?"));
      if (messages.some(function (m) { return m.custom && m.custom.forget; })) forgetConversation();
      var entries = [], lastText = null;
      messages.forEach(function (m) {
        if (m.text || m.buttons) {
          lastText = { who: "bot", text: m.text || "", buttons: m.buttons || [] };
          entries.push(lastText);
        }
        if (m.custom && m.custom.ics && m.custom.ics.content) {
          entries.push({ who: "bot", ics: { filename: m.custom.ics.filename || "deadline.ics",
            content: String(m.custom.ics.content) } });
        }
        var extras = answerExtras(m.custom);  // sent after its answer's text: shown under that answer
        if (extras && lastText) {
          if (extras.source) lastText.source = extras.source;
          if (extras.feedback) lastText.feedback = extras.feedback;
        }
      });
      entries.forEach(function (entry) { note(addEntry(entry)); });
      if (first) scrollToMessage(first);
      setStatus("");
    }).catch(function () {
      scrollToMessage(addMessage("bot", "Sorry, I can't connect right now. Please try again in a moment. " + alternative));
      setStatus("");
    }).then(function () { clearTimeout(timer); sendButton.disabled = false; });
  }

  function startAgain() {
    setMore(false);
    state.history = []; store("history", []);
    log.textContent = "";
    fetch(cfg.botUrl + "/webhooks/rest/webhook", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: "/start_again" }) }).catch(function () {});
    state.sender = newSenderId(); store("sender", state.sender);
    send("/greet", null);
    focusForTyping();
  }

  function download() {
    var lines = ["SEND parent guide conversation, " + new Date().toLocaleString("en-GB"), ""];
    state.history.forEach(function (m) {
      var text = m.ics ? "[Calendar file: " + m.ics.filename + "]" : m.text;
      lines.push((m.who === "bot" ? "Guide: " : "You: ") + text);
      if (m.source) lines.push("Source: " + m.source.title + (m.source.url ? " (" + m.source.url + ")" : ""));
    });
    var blob = new Blob([lines.join("\n") + "\n"], { type: "text/plain" });
    var link = el("a", { href: URL.createObjectURL(blob), download: "send-guide-conversation.txt" });
    root.appendChild(link); link.click(); link.remove();
    setStatus("Conversation downloaded.");
  }

  function render() {
    privacy.hidden = state.started;
    form.hidden = !state.started;
    log.hidden = !state.started;
  }

  launcher.addEventListener("click", function () { setOpen(!state.open); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !state.open) return;
    var active = document.activeElement;
    if (moreToggle.getAttribute("aria-expanded") === "true" && (more.contains(active) || active === moreToggle)) {
      event.preventDefault(); setMore(false); moreToggle.focus(); return;
    }
    var inChat = panel.contains(active) || active === document.body || active === launcher;
    if (inChat) { event.preventDefault(); setOpen(false); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });

  document.body.appendChild(root);
  applyColour(root);
  state.history.forEach(function (entry) { addEntry(entry, false); });
  render();
  if (state.open) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.textContent = "Hide SEND support chat";
    applyMode();
    if (isPhone()) title.focus();  // a modal dialog keeps focus inside
  }
  // After a reload, show the start of the last answer.
  for (var i = state.history.length - 1; i >= 0; i--) {
    if (state.history[i].who === "bot" && (i === 0 || state.history[i - 1].who === "user")) {
      scrollToMessage(log.children[i]);
      break;
    }
  }
})();
