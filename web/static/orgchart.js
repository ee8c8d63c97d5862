/* Org chart: builds a vis.Network from the page's JSON blob. Data text is only ever
   set with textContent, never parsed as HTML. */
(function () {
  "use strict";

  function tip(text) {
    var el = document.createElement("div");
    el.className = "chart-tip";
    el.textContent = text;
    return el;
  }

  function withTips(items) {
    return items.map(function (item) {
      var copy = Object.assign({}, item);
      if (typeof item.title === "string" && item.title) {
        copy.title = tip(item.title);
      } else {
        delete copy.title;
      }
      return copy;
    });
  }

  function profileUrl(container, id) {
    var url = container.dataset.profileBase.replace("__id__", encodeURIComponent(id));
    var params = new URLSearchParams(window.location.search);
    var query = new URLSearchParams({ partial: "1" });
    if (params.get("as_of")) { query.set("as_of", params.get("as_of")); }
    return url + "?" + query.toString();
  }

  function showProfile(container, panel, id) {
    panel.setAttribute("aria-busy", "true");
    panel.dataset.person = id;
    fetch(profileUrl(container, id), { headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (panel.dataset.person !== id) { return; }  // a later click won
        // Server-rendered by Jinja with autoescaping: data text arrives escaped.
        panel.innerHTML = html;
        panel.dataset.loaded = id;
      })
      .catch(function (err) {
        panel.textContent = "Could not load the profile (" + err.message + ").";
      })
      .finally(function () { panel.removeAttribute("aria-busy"); });
  }

  function init(container) {
    var source = document.getElementById(container.dataset.source);
    if (!source || typeof vis === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var nodes = new vis.DataSet(withTips(data.nodes));
    var edges = new vis.DataSet(withTips(data.edges));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    window.orgchart = network;
    window.orgchartData = { nodes: nodes, edges: edges };
    var physics = Boolean(data.options.physics && data.options.physics.enabled);
    function settle() {
      // Wide trees fit at an unreadable scale: start on the top of the hierarchy instead.
      network.fit();
      if (network.getScale() < 0.5) {
        var roots = nodes.get({ filter: function (n) { return n.level === 1; } });
        roots.sort(function (a, b) { return (b.size || 0) - (a.size || 0); });
        if (roots.length) {
          var top = network.getPositions([roots[0].id])[roots[0].id];
          network.moveTo({ position: { x: top.x, y: top.y + 220 }, scale: 0.6 });
        }
      }
      container.dataset.ready = "true";
    }
    if (physics) {
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });  // keep nodes where they are
        settle();
      });
      // in case stabilization finished before we listened
      window.setTimeout(function () { if (!container.dataset.ready) { settle(); } }, 8000);
    } else {
      network.once("afterDrawing", settle);
    }

    var panel = document.getElementById("profile-panel");
    network.on("click", function (params) {
      if (!params.nodes.length || !panel) { return; }
      var node = nodes.get(params.nodes[0]);
      if (node && node.kind === "person") { showProfile(container, panel, node.ref); }
    });

    var toggle = document.getElementById("toggle-colleagues");
    if (toggle) {
      toggle.addEventListener("change", function () {
        var hidden = !toggle.checked;
        nodes.update(nodes.get({ filter: function (n) { return n.kind === "colleague"; } })
          .map(function (n) { return { id: n.id, hidden: hidden }; }));
        edges.update(edges.get({ filter: function (e) { return e.layer === "colleagues"; } })
          .map(function (e) { return { id: e.id, hidden: hidden }; }));
      });
    }
    var fit = document.getElementById("chart-fit");
    if (fit) { fit.addEventListener("click", function () { network.fit({ animation: true }); }); }
  }

  document.querySelectorAll(".orgchart[data-source]").forEach(init);
})();
