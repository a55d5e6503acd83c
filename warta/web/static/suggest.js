/* Name suggestions for text inputs: an input with data-suggest="<datalist id>" gets, as one types, the entities
   whose name or alias contains the text (the API's /api/v1/entities?q=), most mentioned first, as the options
   of that datalist. The form sends the name; the server takes the best match of it. */
(function () {
  "use strict";

  var labels = {};
  var block = document.getElementById("type-labels");
  if (block) {
    try {
      labels = JSON.parse(block.textContent);
    } catch (e) {
      labels = {};
    }
  }

  function fill(list, items) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.name;
      option.textContent = labels[item.type] || item.type;
      list.appendChild(option);
    });
  }

  function attach(input) {
    var list = document.getElementById(input.dataset.suggest);
    if (!list) {
      return;
    }
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 2 || text === asked) {
        return;
      }
      timer = window.setTimeout(function () {
        asked = text;
        fetch("/api/v1/entities?limit=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (page) {
            if (input.value.trim() === text) {
              fill(list, page.items || []);
            }
          })
          .catch(function () { /* no suggestions: the form still works */ });
      }, 200);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), attach);
})();
