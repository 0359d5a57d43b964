// Agenda week view: drag an appointment onto a free half-hour to move it.
// Progressive enhancement only: without JavaScript, « Déplacer » on the appointment's page does the same.
// The drop fills the page's hidden move form (date, time, current place) and submits it: the server checks
// the slot exactly as it checks the no-JavaScript form, and says why when it refuses.
(function () {
  "use strict";
  var grid = document.querySelector("[data-week-grid]");
  var form = document.getElementById("agenda-move");
  if (!grid || !form) {
    return;
  }
  var dragged = null;
  grid.addEventListener("dragstart", function (event) {
    var link = event.target.closest ? event.target.closest("[data-move-url]") : null;
    if (!link) {
      return;
    }
    dragged = link;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", link.getAttribute("data-move-url"));
  });
  grid.addEventListener("dragover", function (event) {
    var cell = event.target.closest ? event.target.closest("td[data-date]") : null;
    if (dragged && cell) {
      event.preventDefault();
      cell.classList.add("week-grid__free--target");
    }
  });
  grid.addEventListener("dragleave", function (event) {
    var cell = event.target.closest ? event.target.closest("td[data-date]") : null;
    if (cell) {
      cell.classList.remove("week-grid__free--target");
    }
  });
  grid.addEventListener("drop", function (event) {
    var cell = event.target.closest ? event.target.closest("td[data-date]") : null;
    if (!dragged || !cell) {
      return;
    }
    event.preventDefault();
    form.action = dragged.getAttribute("data-move-url");
    form.elements.date.value = cell.getAttribute("data-date");
    form.elements.time.value = cell.getAttribute("data-time");
    form.elements.place.value = dragged.getAttribute("data-place");
    form.submit();
  });
  grid.addEventListener("dragend", function () {
    dragged = null;
  });
})();
