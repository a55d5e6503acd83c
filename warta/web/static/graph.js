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
  var FONT = 11;

  function short(name) {
    return name.length > 32 ? name.slice(0, 31) + "…" : name;
  }

  function nodeElement(n) {
    return {
      group: "nodes",
      data: {
        id: n.id, name: n.name, label: short(n.name), type: safeType(n.type), mentions: n.mentions || 0,
        colour: colourOf(n.type), focus: n.focus ? 1 : 0, fs: FONT, tm: 3, tw: 2
      }
    };
  }

  function edgeElement(e) {
    return {
      group: "edges",
      data: { id: e.source + "|" + e.target + "|" + e.type, source: e.source, target: e.target, type: e.type,
              weight: e.weight || 1, articles: e.articles || 0, latest: e.latest || [] }
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
        "background-color": "data(colour)", "label": labelMode === "all" ? "data(label)" : "", "font-size": "data(fs)",
        "color": "#1c2430",
        "text-valign": "bottom", "text-margin-y": "data(tm)", "text-outline-color": "#ffffff",
        "text-outline-width": "data(tw)",
        "width": "mapData(mentions, 0, 30, 16, 48)", "height": "mapData(mentions, 0, 30, 16, 48)"
      } },
      { selector: "node.labelled", style: { "label": "data(label)" } },
      { selector: "node[focus = 1]", style: { "border-width": 3, "border-color": "#102a43" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#f0b429" } },
      { selector: "edge", style: {
        "width": "mapData(weight, 1, 10, 1, 6)", "line-color": "#8a99ab", "curve-style": "straight", "opacity": 0.7
      } },
      { selector: "edge:selected", style: { "line-color": "#f0b429", "opacity": 1 } },
      { selector: "edge[type = 'has_role']", style: { "line-color": "#d9480f", "line-style": "dashed" } },
      { selector: "edge[type = 'part_of']", style: { "line-color": "#16a34a", "line-style": "dotted" } }
    ];
  }

  /* A seeded layout: the same graph gets the same positions. Every node without a position starts at a
     place derived from its id (around the node it was expanded from, if any), and the force layout runs with
     Math.random replaced by a generator seeded from the node ids. */
  function hash(text) {
    var h = 2166136261;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  function seeded(seed) {
    return function () {
      seed = (seed + 0x6d2b79f5) >>> 0;
      var t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function seedPositions(cy, around) {
    var centre = around ? around.position() : { x: 0, y: 0 };
    cy.nodes().forEach(function (n) {
      if (n.scratch("_placed")) {
        return;
      }
      var h = hash(n.id());
      var angle = (h % 3600) / 3600 * 2 * Math.PI;
      var radius = (around ? 40 : 80) + (h >>> 12) % (around ? 80 : 300);
      n.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
      n.scratch("_placed", true);
    });
  }

  function relayout(cy, around) {
    seedPositions(cy, around);
    var ids = cy.nodes().map(function (n) { return n.id(); }).sort().join("|");
    var random = Math.random;
    Math.random = seeded(hash(ids));
    try {
      var box = { x1: 0, y1: 0, w: container.clientWidth || 800, h: container.clientHeight || 500 };
      cy.layout({ name: "cose", animate: false, nodeDimensionsIncludeLabels: labelMode === "all", randomize: false, padding: 24,
                  boundingBox: box, componentSpacing: 30, gravity: 60, numIter: 1500,
                  idealEdgeLength: function () { return 70; }, nodeRepulsion: function () { return 12000; } }).run();
    } finally {
      Math.random = random;
    }
    cy.fit(undefined, 40);
    cy.scratch("_baseZoom", cy.zoom());
    placeLabels(cy);
  }

  /* Labels that do not overlap: with labelMode "degree", the best-linked nodes are labelled first and a label
     that would overlap one already shown, or another node, is left out; nodes with fewer than two links are
     labelled only once
     the graph is zoomed in (to 1.5 times its fitted size). Labels keep their size on screen at every zoom. */
  function placeLabels(cy) {
    if (labelMode === "all") {
      return;
    }
    var zoom = cy.zoom();
    var zoomedIn = zoom >= 1.5 * (cy.scratch("_baseZoom") || zoom);
    var order = cy.nodes().sort(function (a, b) {
      return (b.degree(false) - a.degree(false)) || (b.data("mentions") - a.data("mentions")) ||
        (a.id() < b.id() ? -1 : 1);
    });
    var gap = 3 / zoom;
    var shown = cy.nodes().map(function (n) {  // every node's disc is in the way of the other nodes' labels
      var p = n.position(), r = n.width() / 2;
      return { x1: p.x - r, x2: p.x + r, y1: p.y - r, y2: p.y + r, node: n.id() };
    });
    order.forEach(function (n) {
      n.data({ fs: FONT / zoom, tm: 3 / zoom, tw: 2 / zoom });
      var eligible = zoomedIn || n.data("focus") === 1 || n.degree(false) >= 2;
      var box = eligible ? labelBox(n, zoom) : null;
      var clear = box && shown.every(function (o) {
        return o.node === n.id() || box.x2 + gap < o.x1 || o.x2 + gap < box.x1 || box.y2 + gap < o.y1 || o.y2 + gap < box.y1;
      });
      if (clear) {
        shown.push(box);
        n.addClass("labelled");
      } else {
        n.removeClass("labelled");
      }
    });
  }

  /* Where a node's label is drawn (model coordinates), measured with the canvas font Cytoscape uses. */
  var measure = document.createElement("canvas").getContext("2d");
  var widths = {};

  function labelBox(n, zoom) {
    var text = n.data("label") || "";
    if (!(text in widths)) {
      measure.font = FONT + 'px "Helvetica Neue", Helvetica, sans-serif';
      widths[text] = measure.measureText(text).width;
    }
    var outline = 2 / zoom, p = n.position(), half = widths[text] / zoom / 2 + 2 * outline;
    var top = p.y + n.height() / 2;  // the label's margin and outline included, with room to spare
    return { x1: p.x - half, x2: p.x + half, y1: top, y2: top + (1.3 * FONT + 9) / zoom };
  }

  var labelMode = container.dataset.labels === "degree" ? "degree" : "all";

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

  var edgePanel = document.querySelector('[data-testid="edge-panel"]');
  var edgeWords = readJSON("edge-words") || { kinds: {}, one: "", many: "" };

  function day(stamp) {
    var d = new Date((stamp || "").slice(0, 10) + "T00:00:00");
    if (isNaN(d.getTime())) {
      return "";
    }
    return d.toLocaleDateString(document.documentElement.lang || "id", { day: "numeric", month: "short", year: "numeric" });
  }

  function showEdge(cy, edge) {
    if (!edgePanel) {
      return;
    }
    var data = edge.data();
    var field = function (name) { return edgePanel.querySelector('[data-field="' + name + '"]'); };
    field("kind").textContent = edgeWords.kinds[data.type] || data.type;
    field("source").textContent = edge.source().data("name");
    field("target").textContent = edge.target().data("name");
    var unit = data.articles === 1 ? edgeWords.one : edgeWords.many;
    field("count").textContent = data.articles + " " + unit.replace(/^\S+\s*/, "");
    var list = field("latest");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (data.latest && data.latest.length) {
      listArticles(list, data.latest);
    } else if (data.articles > 0) {
      fetchEvidence(list, data);
    }
    edgePanel.querySelector('[data-testid="edge-path"]').setAttribute("href",
      "/jalur?dari=" + encodeURIComponent(data.source) + "&ke=" + encodeURIComponent(data.target));
    edgePanel.hidden = false;
  }

  function listArticles(list, articles) {
    articles.forEach(function (a) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/artikel/" + encodeURIComponent(a.id);
      link.textContent = a.title || a.id;
      link.setAttribute("data-testid", "edge-article");
      item.appendChild(link);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + [a.source || "", day(a.published)].filter(Boolean).join(" · ");
      item.appendChild(meta);
      list.appendChild(item);
    });
  }

  // The newest articles behind an edge, asked for when it is clicked (the page carries only the counts), in
  // the explorer's period and region; a later click wins over an earlier answer.
  function fetchEvidence(list, data) {
    var query = new URLSearchParams(container.dataset.filters || "");
    query.delete("type");
    query.set("a", data.source);
    query.set("b", data.target);
    query.set("type", data.type);
    var asked = query.toString();
    list.dataset.asked = asked;
    fetch("/api/v1/graph/evidence?" + asked, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { latest: [] }; })
      .then(function (body) {
        if (list.dataset.asked === asked) {
          listArticles(list, body.latest || []);
        }
      })
      .catch(function () { /* the count stays; the path view lists the articles */ });
  }

  function expand(cy, button) {
    var id = button.dataset.node;
    if (!id) {
      return;
    }
    var filters = container.dataset.filters ? "&" + container.dataset.filters : "";
    button.disabled = true;
    fetch("/api/v1/graph/ego/" + encodeURIComponent(id) + "?depth=1&evidence=false" + filters, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (addData(cy, data) > 0) {
          relayout(cy, cy.getElementById(id));
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
    cy.on("tap", "edge", function (evt) { showEdge(cy, evt.target); });
    var pending = false;
    cy.on("viewport", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () { pending = false; placeLabels(cy); });
      }
    });
    window.addEventListener("resize", function () { cy.resize(); });
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
