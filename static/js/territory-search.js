// Area fields (programme territory, partner service's area): a search field above the textarea adds one line per
// chosen commune or département. Without JavaScript the textarea alone works (the server resolves each line).
(function () {
  "use strict";
  document.querySelectorAll("textarea[data-territory-search]").forEach(function (area, index) {
    var url = area.getAttribute("data-territory-search");
    var box = document.createElement("div");
    box.className = "territory-search";
    var id = "territory-search-" + index;
    box.innerHTML =
      '<label for="' + id + '">Chercher une commune ou un département</label>' +
      '<input type="search" id="' + id + '" autocomplete="off" placeholder="Nom, code postal ou numéro du département">' +
      '<ul class="territory-results" aria-live="polite"></ul>';
    area.parentNode.insertBefore(box, area.nextSibling);
    var input = box.querySelector("input");
    var list = box.querySelector("ul");
    var timer = null;
    function add(line) {
      var lines = area.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      if (lines.indexOf(line) === -1) { lines.push(line); }
      area.value = lines.join("\n");
      list.textContent = "";
      input.value = "";
      input.focus();
    }
    function show(results) {
      list.textContent = "";
      results.forEach(function (result) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button--secondary";
        button.textContent = "Ajouter " + result.label;
        button.addEventListener("click", function () { add(result.line); });
        item.appendChild(button);
        list.appendChild(item);
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { list.textContent = ""; return; }
      timer = setTimeout(function () {
        fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { show(data.results); })
          .catch(function () { list.textContent = ""; });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
})();
