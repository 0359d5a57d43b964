// Progressive enhancement only: every action works without this file.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // A refused form: the focus goes to its error summary (read out at once, each item links to its field), as
  // the DSFR does. Only the first summary of the page, and never when the user already moved the focus. The
  // summary is brought to the top of the window: a form low on a long page (the case page's) then shows its
  // fields and their errors under it, not below the fold.
  var summary = document.querySelector("[data-error-summary]");
  if (summary && (document.activeElement === document.body || !document.activeElement)) {
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  }

  // A link to a section folded in <details> (the case page's « #notes », the way back after a form): open it.
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var own = target.tagName === "DETAILS" ? target : target.querySelector(":scope > details");
    if (own) { own.open = true; }
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
  }
  revealTarget();
  window.addEventListener("hashchange", revealTarget);

  // Drafts: a textarea with data-draft-url is saved on the server as the user types (encrypted there).
  document.querySelectorAll("textarea[data-draft-url]").forEach(function (area) {
    var timer = null;
    var status = document.getElementById(area.dataset.draftStatus || "");
    var form = area.form;
    function save() {
      area.dataset.draftSaved = "1";  // read by messaging.js: there is a draft to clear once the message is sent
      var body = new FormData();
      body.append("body", area.value);
      fetch(area.dataset.draftUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) },
      })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (data) { if (status && data.saved_at) { status.textContent = "Brouillon enregistré à " + data.saved_at; } })
        .catch(function () { if (status) { status.textContent = "Brouillon non enregistré : vérifiez votre connexion."; } });
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
  });
})();

// SMS texts being edited: a live count of characters and SMS under each (portal/templatetags/sms_tags.py), from
// the rule the server hands over (portal.sms.SEGMENT_RULE): GSM-7 unless one character is outside it, then UCS-2.
(function () {
  "use strict";
  var ruleTag = document.getElementById("sms-segment-rule");
  if (!ruleTag) { return; }
  var rule = JSON.parse(ruleTag.textContent);

  function measure(text) {
    var culprit = "";
    var length = 0;
    for (var i = 0; i < text.length && !culprit; i++) {
      var ch = text[i];
      if (rule.gsm7_basic.indexOf(ch) === -1 && rule.gsm7_extension.indexOf(ch) === -1) { culprit = ch; }
      length += rule.gsm7_extension.indexOf(ch) === -1 ? 1 : 2;
    }
    // Outside GSM-7: UTF-16 code units, which is what a JavaScript string's length counts.
    if (culprit) {
      var cp = text.codePointAt(i - 1);
      if (cp > 0xffff) { culprit = String.fromCodePoint(cp); }
      length = text.length;
    }
    var limits = culprit ? rule.ucs2 : rule.gsm7;
    var segments = length <= limits.single ? 1 : Math.ceil(length / limits.part);
    return { length: length, segments: segments, culprit: culprit };
  }

  function describe(text) {
    var m = measure(text);
    var line = m.length + " caractères : " + m.segments + " SMS.";
    if (m.culprit) { line += " Le caractère « " + m.culprit + " » fait passer à 70 caractères par SMS."; }
    return line;
  }
  window.portalSmsDescribe = describe;

  // With a preview (data-sms-values), the count is the text as sent: each {name} replaced by its example.
  function fill(text, values) {
    Object.keys(values).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  document.querySelectorAll("[data-sms-count-for]").forEach(function (counter) {
    var area = document.getElementById(counter.dataset.smsCountFor);
    if (!area) { return; }
    var preview = document.getElementById(area.id + "-apercu");
    var values = preview ? JSON.parse(preview.dataset.smsValues) : {};
    area.addEventListener("input", function () {
      var text = fill(area.value, values);
      if (preview) { preview.querySelector(".sms-preview__text").textContent = text; }
      counter.textContent = describe(text);
    });
  });
})();

// The referral form's criteria list (data-criteria-url): as the fields the rule reads change, the server evaluates
// its one rule (casework.eligibility) on the values typed and sends the list back; only the items that changed are
// replaced, so a screen reader hears what changed. Without this script the list follows each submission.
(function () {
  "use strict";
  var box = document.querySelector("[data-criteria-url]");
  var form = box && document.getElementById(box.dataset.criteriaForm);
  if (!form) { return; }
  var names = box.dataset.criteriaFields.split(" ");
  var timer = null;
  var asked = 0;

  function query() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      if (field.type === "checkbox") {
        if (field.checked) { params.append(name, field.value || "on"); }
      } else {
        params.append(name, field.value);
      }
    });
    return params.toString();
  }

  function apply(html) {
    var fresh = document.createElement("div");
    fresh.innerHTML = html;
    var oldItems = box.querySelectorAll("[data-criterion]");
    var newItems = fresh.querySelectorAll("[data-criterion]");
    if (oldItems.length !== newItems.length) {
      box.replaceChildren.apply(box, Array.prototype.slice.call(fresh.childNodes));
      return;
    }
    newItems.forEach(function (item, index) {
      if (oldItems[index].outerHTML !== item.outerHTML) { oldItems[index].replaceWith(item); }
    });
    var summary = box.querySelector(".criteria__summary");
    var newSummary = fresh.querySelector(".criteria__summary");
    if (summary && newSummary && summary.textContent !== newSummary.textContent) {
      summary.textContent = newSummary.textContent;
    }
  }

  function refresh() {
    var ticket = ++asked;
    fetch(box.dataset.criteriaUrl + "?" + query(), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response); })
      .then(function (html) { if (ticket === asked) { apply(html); } })
      .catch(function () { /* the list is checked again on submission */ });
  }

  function changed(event) {
    if (names.indexOf(event.target.name) === -1) { return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, event.type === "change" ? 0 : 400);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
})();
