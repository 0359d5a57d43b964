// Live conversation: websocket with catch-up, idempotent sends, reconnection with backoff and jitter.
// Progressive enhancement: without this file the page works with its plain form and a page reload.
// Contiguity: lastSeq is the highest sequence number below which the page has every message (not the highest
// seen). Catch-up asks from there, and a new socket says it in its URL (?after=): the server sends what follows it
// by itself ("ready" says catching_up) and offers any gap later.
(function () {
  "use strict";

  var root = document.getElementById("conversation");
  var form = document.getElementById("message-form");
  if (!root || !form || !window.WebSocket || !window.fetch) { return; }

  var list = document.getElementById("messages");
  var banner = document.getElementById("live-status");
  var readStatus = document.getElementById("read-status");
  var formError = document.getElementById("form-error");
  var textarea = form.querySelector("textarea[name=body]");
  var keyInput = form.querySelector("input[name=client_key]");
  var fileInput = form.querySelector("input[type=file]");
  var jsonUrl = root.dataset.jsonUrl;
  var wsUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + root.dataset.wsUrl;
  var householdSpace = root.dataset.space === "household";

  var lastSeq = 0;  // every message up to this one is on the page
  var ahead = {};  // sequence numbers on the page past lastSeq (something below them is missing)
  var otherRead = parseInt(root.dataset.otherRead || "0", 10);
  var lastOwnSeq = 0;
  var pending = {};  // client_key -> {body, element}
  var socket = null;
  var attempt = 0;
  var retryTimer = null;
  var awayTimer = null;
  var pollGeneration = 0;
  var HTTP_CATCH_UP_MS = 10000;
  var live = true;
  var ACK_RETRY_MS = 5000;  // bench/faults.py's ACK_RETRY_SECONDS

  function had(seq) {
    if (seq <= lastSeq) { return; }
    ahead[seq] = true;
    while (ahead[lastSeq + 1]) { delete ahead[lastSeq + 1]; lastSeq += 1; }
  }

  function hasGap() { return Object.keys(ahead).length > 0; }

  // The server renders the newest messages without a hole: the page has everything from the first one shown.
  var shownSeqs = Array.prototype.map.call(list.querySelectorAll("li[data-seq]"), function (li) {
    var seq = parseInt(li.dataset.seq, 10);
    if (li.classList.contains("message--mine")) { lastOwnSeq = Math.max(lastOwnSeq, seq); }
    return seq;
  });
  if (shownSeqs.length) { lastSeq = Math.min.apply(null, shownSeqs) - 1; shownSeqs.forEach(had); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setLive(value) {
    live = value;
    banner.hidden = value;
    root.dataset.live = value ? "on" : "paused";
  }

  function showError(text) {
    formError.textContent = text || "";
    formError.hidden = !text;
  }

  function updateReadStatus() {
    readStatus.textContent = lastOwnSeq && otherRead >= lastOwnSeq
      ? (householdSpace ? "Lu par l'association." : "Lu.") : "";
  }

  function bodyNode(text) {
    var p = document.createElement("p");
    p.className = "message__body";
    text.split("\n").forEach(function (line, index) {
      if (index) { p.appendChild(document.createElement("br")); }
      p.appendChild(document.createTextNode(line));
    });
    return p;
  }

  function render(message, element) {
    var li = element || document.createElement("li");
    li.className = "message message--" + message.side + (message.mine ? " message--mine" : "");
    li.id = "message-" + message.seq;
    li.dataset.seq = message.seq;
    li.textContent = "";
    var meta = document.createElement("p");
    meta.className = "message__meta";
    var author = document.createElement("span");
    author.className = "message__author";
    author.textContent = message.author;
    var time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = message.time;
    meta.appendChild(author);
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
    if (message.sms_label) {
      var channel = document.createElement("span");
      channel.className = "message__channel";
      channel.textContent = message.sms_label;
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(channel);
    }
    li.appendChild(meta);
    if (message.body) { li.appendChild(bodyNode(message.body)); }
    (message.attachments || []).forEach(function (attachment) {
      var p = document.createElement("p");
      p.className = "message__attachment";
      var a = document.createElement("a");
      a.href = attachment.url;
      a.setAttribute("download", "");
      a.textContent = attachment.name;
      p.appendChild(a);
      li.appendChild(p);
    });
    return li;
  }

  function placeInOrder(li, seq) {
    var empty = document.getElementById("no-message");
    if (empty) { empty.remove(); }
    var after = null;
    list.querySelectorAll("li[data-seq]").forEach(function (other) {
      if (parseInt(other.dataset.seq, 10) > seq && after === null) { after = other; }
    });
    list.insertBefore(li, after);
  }

  function receive(message) {
    var shown = document.getElementById("message-" + message.seq);
    if (shown) {
      // An acknowledged bubble drawn locally gets its author and time from the server's copy.
      if (shown.dataset.provisional) { delete shown.dataset.provisional; render(message, shown); }
      return;
    }
    var element = null;
    if (message.client_key && pending[message.client_key]) {
      element = pending[message.client_key].element;
      delete pending[message.client_key];
    }
    var li = render(message, element);
    if (element) { element.remove(); }
    placeInOrder(li, message.seq);
    had(message.seq);
    if (message.mine) { lastOwnSeq = Math.max(lastOwnSeq, message.seq); }
    updateReadStatus();
  }

  function receiveBatch(frame) {
    frame.messages.forEach(receive);
    if (frame.receipts) { applyReceipts(frame.receipts); }
    markRead();
    if (frame.more) { catchUp(); }
  }

  function applyReceipts(receipts) {
    Object.keys(receipts).forEach(function (side) {
      if (side !== root.dataset.ownSide) { otherRead = Math.max(otherRead, receipts[side]); }
    });
    updateReadStatus();
  }

  function socketOpen() { return socket !== null && socket.readyState === WebSocket.OPEN; }

  function markRead() {
    if (document.visibilityState === "visible" && socketOpen()) {
      socket.send(JSON.stringify({ type: "read", seq: lastSeq }));
    }
  }

  function catchUp() {
    // Over HTTP: a promise of whether the server answered (pollWhileAway backs off while it does not).
    if (socketOpen()) {
      socket.send(JSON.stringify({ type: "catch_up", after: lastSeq }));
      return Promise.resolve(true);
    }
    // A server that takes the request and never answers counts as not answering after HTTP_CATCH_UP_MS.
    var abort = typeof AbortController === "function" ? new AbortController() : null;
    var timer = abort ? setTimeout(function () { abort.abort(); }, HTTP_CATCH_UP_MS) : null;
    return fetch(jsonUrl + "?after=" + lastSeq, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: abort ? abort.signal : undefined,
    })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
      .then(function (frame) { receiveBatch(frame); return true; })
      .catch(function () { return false; /* offline, signed out, no answer: the next attempt catches up */ })
      .then(function (answered) { clearTimeout(timer); return answered; });
  }

  function acknowledged(ack, overSocket) {
    var entry = pending[ack.client_key];
    if (ack.live === false) { setLive(false); }
    if (ack.message) {
      receive(ack.message);
    } else if (entry && !document.getElementById("message-" + ack.seq)) {
      entry.element.id = "message-" + ack.seq;
      entry.element.dataset.seq = ack.seq;
      entry.element.classList.remove("message--pending");
      entry.element.dataset.provisional = "1";
      var state = entry.element.querySelector(".message__state");
      if (state) { state.textContent = "Envoyé"; }
      lastOwnSeq = Math.max(lastOwnSeq, ack.seq);
      had(ack.seq);
    }
    delete pending[ack.client_key];
    // Messages stored while this page was away (socket closed, sent over HTTP) come by catch-up. While a socket is
    // open (the ack came over it, or over HTTP for a late ack's resend) a gap is a peer's message still on its way,
    // or lost by the layer: the server's watch gives it within one period (asking each time made every busy
    // conversation ask, and a loaded server slower still).
    if (!overSocket && !socketOpen() && hasGap()) { catchUp(); }
    updateReadStatus();
  }

  function refused(key, text) {
    var entry = pending[key];
    if (entry) {
      entry.element.remove();
      delete pending[key];
      if (!textarea.value) { textarea.value = entry.body; }
    }
    showError(text);
    textarea.focus();
  }

  function sendOverHttp(key, formData) {
    formData.set("client_key", key);
    return fetch(jsonUrl, {
      method: "POST",
      body: formData,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) { acknowledged(data); return; }
        var errors = data.errors || {};
        refused(key, (errors.attachment || errors.body || errors.client_key || ["Le message n'a pas pu être envoyé."]).join(" "));
      });
    });
  }

  function sendPendingOverHttp(key) {
    var entry = pending[key];
    if (!entry) { return; }
    entry.sentAt = Date.now();
    var data = new FormData();
    data.set("body", entry.body);
    sendOverHttp(key, data).catch(function () { /* kept pending: resent with the same key later */ });
  }

  function sendPending(key) {
    var entry = pending[key];
    if (!entry) { return; }
    if (socketOpen()) {
      entry.sentAt = Date.now();
      socket.send(JSON.stringify({ type: "send", client_key: key, body: entry.body, draft: entry.draft }));
    } else {
      sendPendingOverHttp(key);
    }
  }

  function pendingBubble(body) {
    var li = document.createElement("li");
    li.className = "message message--mine message--pending";
    li.appendChild(bodyNode(body));
    var state = document.createElement("p");
    state.className = "message__state";
    state.textContent = "Envoi en cours…";
    li.appendChild(state);
    var empty = document.getElementById("no-message");
    if (empty) { empty.remove(); }
    list.appendChild(li);
    return li;
  }

  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.value === "draft") { return; }  // the plain form saves drafts
    event.preventDefault();
    showError("");
    var key = keyInput.value || newKey();
    var body = textarea.value.trim();
    var hasFile = fileInput && fileInput.files.length > 0;
    if (!body && !hasFile) { showError("Écrivez un message (ou joignez un document) avant d'envoyer."); return; }
    keyInput.value = newKey();
    if (hasFile) {
      // Files go over HTTP; the text stays in the field until the server accepts the file.
      var data = new FormData(form);
      var button = event.submitter;
      if (button) { button.disabled = true; }
      sendOverHttp(key, data)
        .then(function () { if (!formError.textContent) { form.reset(); keyInput.value = newKey(); } })
        .catch(function () { showError("Envoi impossible pour l'instant : vérifiez votre connexion et réessayez. Votre texte est conservé."); })
        .then(function () { if (button) { button.disabled = false; } });
      return;
    }
    // The server clears the saved draft only when this page saved one (portal.js marks it): one query less per message.
    pending[key] = { body: body, element: pendingBubble(body), draft: textarea.dataset.draftSaved === "1" };
    delete textarea.dataset.draftSaved;
    textarea.value = "";
    sendPending(key);
  });

  function handle(frame) {
    switch (frame.type) {
      case "ready":
        stopPolling();
        setLive(frame.live !== false);
        if (!frame.catching_up) { catchUp(); }  // the server sends what follows ?after= by itself
        Object.keys(pending).forEach(sendPending);
        break;
      case "messages": receiveBatch(frame); break;
      case "message":
        receive(frame.message);
        if (!frame.message.mine) { markRead(); }
        break;
      case "ack": acknowledged(frame, true); break;
      case "error":
        if (frame.client_key) { refused(frame.client_key, frame.message); } else { showError(frame.message); }
        break;
      case "receipt":
        if (frame.side !== root.dataset.ownSide) { otherRead = Math.max(otherRead, frame.seq); updateReadStatus(); }
        break;
      case "live":
        setLive(frame.live);
        if (frame.live) { catchUp(); }
        break;
    }
  }

  function reconnectDelay(n) {
    // The first attempt after 0.2 to 1 s: the load balancer sends it to a live process, and the pages of a process
    // that died spread over most of a second instead of arriving together. Then exponential backoff with full
    // jitter, between 1 and 30 s. bench/fault_measures.py's reconnect_delay is the same rule (the fault harness).
    if (n === 0) { return 0.2 + Math.random() * 0.8; }
    return 1 + Math.random() * (Math.min(30, Math.pow(2, n)) - 1);
  }

  function awayPollDelay(failures) {
    // While its socket is away the page asks over HTTP what it lacks, 1.5 to 2.5 s after the close and as often
    // until a socket opens: within about one watch period, whatever the reconnection's backoff. Not at the close
    // itself: a process that dies closes all its pages at once, and their fifty catch-ups (nothing new yet: the
    // socket opened next catches up by itself) took the HTTP tier's CPU when the live process needed it. While the
    // server does not answer (down, or the session ended), it backs off as the reconnection does, up to 30 s.
    // bench/fault_measures.py's away_poll_delay is the same rule (the fault harness).
    if (!failures) { return 1.5 + Math.random(); }
    return 1.5 + Math.random() * (Math.min(30, 1.5 * Math.pow(2, failures)) - 1.5);
  }

  function pollWhileAway(failures) {
    // One schedule from the first close until a socket opens (a refused reconnection's close does not restart it),
    // and only one: an answer that arrives after stopPolling() (a socket said "ready" meanwhile) schedules nothing.
    var generation = pollGeneration;
    awayTimer = setTimeout(function () {
      if (generation !== pollGeneration) { return; }
      if (socketOpen()) { stopPolling(); return; }
      catchUp().then(function (answered) {
        if (generation !== pollGeneration) { return; }
        if (socketOpen()) { stopPolling(); } else { pollWhileAway(answered ? 0 : failures + 1); }
      });
    }, awayPollDelay(failures) * 1000);
  }

  function stopPolling() {
    pollGeneration += 1;
    clearTimeout(awayTimer);
    awayTimer = null;
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    var delay = reconnectDelay(attempt);
    attempt += 1;
    retryTimer = setTimeout(connect, delay * 1000);
  }

  function connect() {
    try {
      socket = new WebSocket(wsUrl + "?after=" + lastSeq);
    } catch (error) {
      scheduleReconnect();
      return;
    }
    socket.addEventListener("open", function () { attempt = 0; });
    socket.addEventListener("message", function (event) {
      try { handle(JSON.parse(event.data)); } catch (error) { /* ignore a malformed frame */ }
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      setLive(false);
      if (event.code === 4001) { stopPolling(); return; }  // session ended: the next page load asks to sign in again
      // Any other code (4008: this page stopped reading and the server dropped it) reconnects and catches up.
      if (awayTimer === null) { pollWhileAway(0); }  // over HTTP while the websocket is away
      Object.keys(pending).forEach(sendPending);
      scheduleReconnect();
    });
  }

  // A send with no acknowledgement after ACK_RETRY_MS (a socket that died without closing, a lost frame) is sent
  // again with the same key over HTTP: the server stores it once. Not over the socket: an open socket loses no
  // frame, its ack is only late, and a resend there would queue behind it on the same busy process.
  function resendUnacknowledged() {
    var now = Date.now();
    Object.keys(pending).forEach(function (key) {
      if (now - pending[key].sentAt > ACK_RETRY_MS) { sendPendingOverHttp(key); }
    });
  }

  textarea.addEventListener("input", function () { if (formError.textContent) { showError(""); } });
  setInterval(resendUnacknowledged, 1000);
  document.addEventListener("visibilitychange", markRead);
  updateReadStatus();
  connect();
})();
