/* salon's network map: draws /map.json with Cytoscape.js (vendored); no inline script. */
(function () {
  "use strict";
  var PALETTE = ["#8a2b2b", "#2b5f8a", "#3d7a3d", "#b8860b", "#6a3d9a", "#c0587e", "#1b7f7a",
    "#8c564b", "#d2691e", "#4b6a2e", "#5b5b8f", "#a0522d"];

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function colourer(nodes, key) {
    var seen = {}, order = [];
    nodes.forEach(function (n) {
      var v = n.is_me ? null : (n[key] === null || n[key] === undefined ? "unknown" : String(n[key]));
      if (v !== null && !(v in seen)) { seen[v] = true; order.push(v); }
    });
    order.sort();
    var colours = {};
    order.forEach(function (v, i) { colours[v] = v === "unknown" ? "#aaaaaa" : PALETTE[i % PALETTE.length]; });
    return colours;
  }

  function legend(list, colours, key) {
    list.textContent = "";
    Object.keys(colours).forEach(function (v) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colours[v];
      li.appendChild(swatch);
      li.appendChild(document.createTextNode((key === "cluster" && v !== "unknown" ? "cluster " : "") + v));
      list.appendChild(li);
    });
  }

  ready(function () {
    var box = document.getElementById("network-map");
    if (!box || typeof cytoscape === "undefined") { return; }
    var status = document.getElementById("map-status");
    var tooltip = document.getElementById("map-tooltip");
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (data) { draw(data); })
      .catch(function (e) { status.textContent = "The map could not be loaded (" + e.message + ")."; });

    function draw(data) {
      var maxStrength = 0;
      data.nodes.forEach(function (n) { maxStrength = Math.max(maxStrength, n.strength); });
      var elements = data.nodes.map(function (n) {
        var size = n.is_me ? 34 : 14 + (maxStrength > 0 ? 30 * n.strength / maxStrength : 0);
        return { group: "nodes", data: { id: String(n.id), label: n.name, size: size, raw: n } };
      }).concat(data.edges.map(function (e) {
        return { group: "edges", data: { id: e.source + "-" + e.target, source: String(e.source),
          target: String(e.target), inferred: e.inferred ? 1 : 0 } };
      }));
      var cy = cytoscape({
        container: box,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)",
            "background-color": "data(colour)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 2,
            "color": "#222", "text-outline-color": "#fffdf8", "text-outline-width": 2 } },
          { selector: "node[?me]", style: { "border-width": 3, "border-color": "#222" } },
          { selector: "edge", style: { "width": 1, "line-color": "#bbb", "curve-style": "haystack" } },
          { selector: "edge[inferred = 1]", style: { "line-style": "dashed" } },
          { selector: ".faded", style: { "opacity": 0.12 } },
          { selector: ".hidden", style: { "display": "none" } }
        ],
        layout: { name: data.nodes.length > 150 ? "concentric" : "cose", animate: false,
          concentric: function (node) { return node.data("raw").is_me ? 10 : node.data("raw").strength; },
          levelWidth: function () { return 1; } }
      });
      cy.nodes().forEach(function (node) { node.data("me", node.data("raw").is_me); });
      box.dataset.nodes = String(cy.nodes().length);
      status.textContent = data.nodes.length - 1 + " of your " + data.n_contacts + " contacts, " +
        data.edges.length + " ties. Scroll or pinch to zoom.";

      var colourSelect = document.getElementById("map-colour");
      function recolour() {
        var key = colourSelect.value;
        var colours = colourer(data.nodes, key);
        cy.nodes().forEach(function (node) {
          var raw = node.data("raw");
          var v = raw[key] === null || raw[key] === undefined ? "unknown" : String(raw[key]);
          node.data("colour", raw.is_me ? "#222" : colours[v]);
        });
        legend(document.getElementById("map-legend"), colours, key);
      }
      colourSelect.addEventListener("change", recolour);
      recolour();

      cy.on("mouseover tapstart", "node", function (event) {
        var raw = event.target.data("raw");
        var lines = [raw.name];
        if (raw.organization) { lines.push(raw.organization); }
        if (raw.industry) { lines.push(raw.industry); }
        if (!raw.is_me) { lines.push("tie strength " + raw.strength.toFixed(2)); }
        tooltip.textContent = lines.join(" · ");
        var p = event.target.renderedPosition();
        tooltip.style.left = (box.offsetLeft + p.x + 12) + "px";
        tooltip.style.top = (box.offsetTop + p.y + 12) + "px";
        tooltip.hidden = false;
      });
      cy.on("mouseout", "node", function () { tooltip.hidden = true; });

      var focused = null;
      function focus(node) {
        focused = node;
        var hood = node.closedNeighborhood();
        cy.elements().addClass("faded");
        hood.removeClass("faded");
        cy.animate({ fit: { eles: hood, padding: 40 } }, { duration: 300 });
      }
      function reset() {
        focused = null;
        cy.elements().removeClass("faded hidden");
        document.getElementById("map-filter").value = "";
        document.getElementById("map-focus").value = "";
        cy.fit(undefined, 20);
      }
      cy.on("tap", "node", function (event) {
        if (focused === event.target) {
          window.location.href = "/people/" + event.target.id();
        } else {
          focus(event.target);
        }
      });
      document.getElementById("map-reset").addEventListener("click", reset);
      document.getElementById("map-focus").addEventListener("input", function (event) {
        var typed = event.target.value.trim().toLowerCase();
        if (!typed) { return; }
        var match = cy.nodes().filter(function (n) { return n.data("label").toLowerCase().indexOf(typed) >= 0; });
        if (match.length) { focus(match[0]); }
      });
      document.getElementById("map-filter").addEventListener("input", function (event) {
        var text = event.target.value, eq = text.indexOf("=");
        cy.elements().removeClass("hidden");
        if (eq < 1) { return; }
        var key = text.slice(0, eq).trim().toLowerCase(), value = text.slice(eq + 1).trim().toLowerCase();
        if (!value) { return; }
        cy.nodes().forEach(function (node) {
          var raw = node.data("raw"), found = raw.is_me;
          Object.keys(raw.attributes).forEach(function (k) {
            if (k.toLowerCase() === key && String(raw.attributes[k]).toLowerCase() === value) { found = true; }
          });
          if (key === "industry" && raw.industry && raw.industry.toLowerCase() === value) { found = true; }
          if (!found) { node.addClass("hidden"); }
        });
      });
      document.getElementById("map-controls").addEventListener("submit", function (e) { e.preventDefault(); });
      window.salonMap = cy;
    }
  });
})();
