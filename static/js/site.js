// Public site: the "was this page useful?" form is sent in the background (the plain form works without
// JavaScript), and folded questions open before printing so that answers are on paper too.
(function () {
  "use strict";
  document.querySelectorAll("form[data-feedback]").forEach(function (form) {
    var status = form.querySelector("[data-feedback-status]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.querySelector("input[name=useful]:checked")) {
        status.textContent = "Choisissez oui ou non avant d'envoyer.";
        return;
      }
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "omit",
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok || !data.ok) throw new Error("refused");
            form.querySelectorAll("fieldset, .field, button").forEach(function (el) { el.hidden = true; });
            status.textContent = "Merci pour votre avis.";
          });
        })
        .catch(function () {
          status.textContent = "Votre avis n'a pas pu être envoyé. Réessayez dans un instant.";
        });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (details) { details.open = true; });
  });
})();
