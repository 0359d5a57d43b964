// "Was this page useful?": sent in the background when JavaScript runs; the plain form works without it.
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
})();
