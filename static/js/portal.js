// Progressive enhancement only: every action works without this file.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // A refused form: the focus goes to its error summary (read out at once, each item links to its field), as
  // the DSFR does. Only the first summary of the page, and never when the user already moved the focus.
  var summary = document.querySelector("[data-error-summary]");
  if (summary && (document.activeElement === document.body || !document.activeElement)) {
    summary.focus();
  }

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
