/* Warta graph views (Cytoscape.js). No inline script: the page passes everything through data-* attributes
   on #graph and <script type="application/json"> blocks. Node colours are the --ent colours of app.css.
   The Cytoscape instance is window.wartaGraph. */
(function () {
  "use strict";

  var container = document.getElementById("graph");
  if (!container) {
    return;
  }
  var panel = document.querySelector('[data-testid="node-panel"]');
  var colours = {};

  function note(text) {
    var old = container.querySelector(".graph-note");
    if (old) {
      old.remove();
    }
    if (text) {
      var p = document.createElement("p");
      p.className = "graph-note";
      p.textContent = text;
      container.appendChild(p);
    }
  }

  function safeType(type) {
    return /^[a-z_]{1,40}$/.test(type || "") ? type : "other";
  }

  function colourOf(type) {
    type = safeType(type);
    if (!colours[type]) {
      var probe = document.createElement("span");
      probe.className = "ent-" + type;
      probe.hidden = true;
      document.body.appendChild(probe);
      colours[type] = getComputedStyle(probe).getPropertyValue("--ent").trim() || "#64748b";
      probe.remove();
    }
    return colours[type];
  }

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  var typeLabels = readJSON("type-labels") || {};

  function short(name) {
    return name.length > 32 ? name.slice(0, 31) + "…" : name;
  }

  function nodeElement(n) {
    return {
      group: "nodes",
      data: {
        id: n.id, name: n.name, label: short(n.name), type: safeType(n.type), mentions: n.mentions || 0,
        colour: colourOf(n.type), focus: n.focus ? 1 : 0
      }
    };
  }

  function edgeElement(e) {
    return {
      group: "edges",
      data: { id: e.source + "|" + e.target + "|" + e.type, source: e.source, target: e.target, type: e.type,
              weight: e.weight || 1 }
    };
  }

  /* Add the nodes and edges not yet in the graph; returns how many nodes were added. */
  function addData(cy, data) {
    var added = [];
    (data.nodes || []).forEach(function (n) {
      if (cy.getElementById(n.id).empty()) {
        added.push(nodeElement(n));
      }
    });
    cy.add(added);
    var edges = [];
    (data.edges || []).forEach(function (e) {
      var id = e.source + "|" + e.target + "|" + e.type;
      if (cy.getElementById(id).empty() && !cy.getElementById(e.source).empty() &&
          !cy.getElementById(e.target).empty()) {
        edges.push(edgeElement(e));
      }
    });
    cy.add(edges);
    return added.length;
  }

  function style() {
    return [
      { selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "font-size": 11, "color": "#1c2430",
        "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#ffffff", "text-outline-width": 2,
        "width": "mapData(mentions, 0, 30, 16, 48)", "height": "mapData(mentions, 0, 30, 16, 48)"
      } },
      { selector: "node[focus = 1]", style: { "border-width": 3, "border-color": "#102a43" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#f0b429" } },
      { selector: "edge", style: {
        "width": "mapData(weight, 1, 10, 1, 6)", "line-color": "#c3ccd6", "curve-style": "haystack", "opacity": 0.8
      } },
      { selector: "edge[type = 'has_role']", style: { "line-color": "#d9480f", "line-style": "dashed" } },
      { selector: "edge[type = 'part_of']", style: { "line-color": "#16a34a", "line-style": "dotted" } }
    ];
  }

  function relayout(cy) {
    var box = { x1: 0, y1: 0, w: container.clientWidth || 800, h: container.clientHeight || 500 };
    cy.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: true, randomize: false, padding: 20,
                boundingBox: box,
                componentSpacing: 30, gravity: 60, numIter: 1500,
                idealEdgeLength: function () { return 60; }, nodeRepulsion: function () { return 10000; } }).run();
  }

  function updateCount(cy) {
    var counter = document.querySelector("[data-graph-count]");
    if (counter) {
      counter.textContent = "(" + cy.nodes().length + " " + (container.dataset.nodesLabel || "") + ")";
    }
  }

  function showPanel(cy, node) {
    if (!panel) {
      return;
    }
    var data = node.data();
    panel.querySelector('[data-field="name"]').textContent = data.name;
    var chip = panel.querySelector('[data-field="type"]');
    chip.textContent = typeLabels[data.type] || data.type;
    chip.className = "chip ent-" + data.type;
    panel.querySelector('[data-field="mentions"]').textContent = data.mentions + " " + (container.dataset.mentionsLabel || "");
    panel.querySelector('[data-testid="open-entity"]').setAttribute("href", "/entitas/" + encodeURIComponent(data.id));
    panel.querySelector('[data-testid="expand-node"]').dataset.node = data.id;
    panel.hidden = false;
  }

  function expand(cy, button) {
    var id = button.dataset.node;
    if (!id) {
      return;
    }
    var filters = container.dataset.filters ? "&" + container.dataset.filters : "";
    button.disabled = true;
    fetch("/api/v1/graph/ego/" + encodeURIComponent(id) + "?depth=1" + filters, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (addData(cy, data) > 0) {
          relayout(cy);
        }
        updateCount(cy);
      })
      .catch(function () { /* the graph stays as it was */ })
      .then(function () { button.disabled = false; });
  }

  function start(data) {
    note("");
    var cy = cytoscape({ container: container, elements: [], style: style(),
                         minZoom: 0.2, maxZoom: 3 });
    window.wartaGraph = cy;
    addData(cy, data);
    if (cy.nodes().empty()) {
      note(container.dataset.empty || "");
    }
    relayout(cy);
    updateCount(cy);
    cy.on("tap", "node", function (evt) { showPanel(cy, evt.target); });
    cy.on("dbltap", "node", function (evt) {
      window.location.href = "/entitas/" + encodeURIComponent(evt.target.id());
    });
    if (panel) {
      panel.querySelector('[data-testid="expand-node"]').addEventListener("click", function (evt) {
        expand(cy, evt.currentTarget);
      });
    }
  }

  if (typeof window.cytoscape !== "function") {
    note(container.dataset.unavailable || "");
    return;
  }
  if (container.dataset.mode === "static") {
    start(readJSON(container.dataset.source) || { nodes: [], edges: [] });
    return;
  }
  note(container.dataset.loading || "");
  fetch(container.dataset.url, { headers: { Accept: "application/json" } })
    .then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    })
    .then(function (res) {
      if (!res.ok) {
        note(res.body && res.body.error ? res.body.error.message : (container.dataset.empty || ""));
        return;
      }
      start(res.body);
    })
    .catch(function () { note(container.dataset.unavailable || ""); });
})();
