// Progressive enhancements of the portal's forms. Every form works without this script;
// with it, long lists get shorter. Served by the portal itself (the Content-Security-Policy
// allows no other script), loaded with "defer" on every page.
(function () {
  "use strict";

  // Letters without their accents, in lower case: "Bokmål" is found by "bokmal".
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  // A select of subdivisions grouped by country (data-country-field names the country's
  // select): only the group of the chosen country stays; the empty choice always does.
  // Every code of a country starts with that country's code and a hyphen ("MA-04").
  function narrowByCountry(select) {
    var country = document.getElementById(select.dataset.countryField);
    if (!country) return;
    var all = Array.prototype.map.call(select.children, function (node) {
      return node.cloneNode(true);
    });
    function belongs(group, code) {
      var first = group.querySelector("option");
      return Boolean(code) && first !== null && first.value.indexOf(code + "-") === 0;
    }
    function narrow() {
      var code = country.value;
      var chosen = select.value;
      select.replaceChildren();
      all.forEach(function (node) {
        if (node.tagName !== "OPTGROUP" || !code || belongs(node, code)) {
          select.appendChild(node.cloneNode(true));
        }
      });
      select.value = chosen;
      if (select.value !== chosen) select.value = "";
    }
    country.addEventListener("change", narrow);
    narrow();
  }

  // A long list of check boxes with a filter box (rendered hidden by the form template):
  // typing part of a name hides the other boxes; ticked boxes stay ticked.
  function filterChoices(box) {
    var list = document.getElementById(box.dataset.choiceFilter);
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[data-choice-filter-status]");
    if (!list || !input) return;
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var texts = items.map(function (item) { return folded(item.textContent); });
    input.addEventListener("input", function () {
      var wanted = folded(input.value);
      var shown = 0;
      items.forEach(function (item, index) {
        var match = !wanted || texts[index].indexOf(wanted) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (status) status.textContent = shown ? "" : status.dataset.none;
    });
    // Enter in the filter box must not send the form half filled.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    box.hidden = false;
  }

  function enhance() {
    document.querySelectorAll("select[data-country-field]").forEach(narrowByCountry);
    document.querySelectorAll("[data-choice-filter]").forEach(filterChoices);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
