/* Keeps the explorer's table view (templates/graph_table.html) the same as the drawn graph: the nodes and
   edges a node's expansion adds to window.wartaGraph are added to the tables as rows like the server's. */
(function () {
  "use strict";

  var cy = window.wartaGraph;
  var nodesBody = document.querySelector('[data-testid="graph-nodes-table"] tbody');
  var edgesBody = document.querySelector('[data-testid="graph-edges-table"] tbody');
  if (!cy || !nodesBody || !edgesBody) {
    return;
  }

  function words(id) {
    var el = document.getElementById(id);
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  var typeLabels = words("type-labels");
  var edgeWords = words("edge-words");

  function cell(tag, text, href) {
    var td = document.createElement(tag);
    if (tag === "th") {
      td.scope = "row";
    }
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function row(body, key, value, cells) {
    if (body.querySelector("tr[" + key + '="' + CSS.escape(value) + '"]')) {
      return;
    }
    var tr = document.createElement("tr");
    tr.setAttribute(key, value);
    cells.forEach(function (td) { tr.appendChild(td); });
    body.appendChild(tr);
  }

  cy.on("add", "node", function (evt) {
    var n = evt.target.data();
    row(nodesBody, "data-node", n.id, [
      cell("th", n.name, "/entitas/" + encodeURIComponent(n.id)), cell("td", typeLabels[n.type] || n.type),
      cell("td", String(n.mentions)), cell("td", "", null)
    ]);
  });

  cy.on("add", "edge", function (evt) {
    var e = evt.target;
    var d = e.data();
    var latest = cell("td", "");
    (d.latest || []).forEach(function (a, i) {
      var link = document.createElement("a");
      link.href = "/artikel/" + encodeURIComponent(a.id);
      link.textContent = a.title || a.id;
      latest.appendChild(document.createTextNode(i ? "; " : ""));
      latest.appendChild(link);
    });
    row(edgesBody, "data-edge", d.id, [
      cell("td", e.source().data("name")), cell("td", e.target().data("name")),
      cell("td", (edgeWords.kinds || {})[d.type] || d.type),
      cell("td", String(d.articles), "/jalur?dari=" + encodeURIComponent(d.source) + "&ke=" + encodeURIComponent(d.target)),
      latest
    ]);
  });

  /* The links column counts each node's neighbours on the canvas. */
  var pending = false;

  function recount() {
    pending = false;
    cy.nodes().forEach(function (n) {
      var tr = nodesBody.querySelector('tr[data-node="' + CSS.escape(n.id()) + '"]');
      var td = tr && tr.lastElementChild;
      if (td) {
        td.textContent = "";
        var a = document.createElement("a");
        a.href = "/graf?focus=" + encodeURIComponent(n.id());
        a.textContent = String(n.neighborhood("node").length);
        td.appendChild(a);
      }
    });
  }

  cy.on("add", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(recount);
    }
  });
})();
