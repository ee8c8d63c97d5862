/* Org chart, network view: builds a vis.Network from the page's JSON blob. Data text is only ever
   set with textContent, never parsed as HTML. */
(function () {
  "use strict";

  // The words shown come from the template (the tree view's text blob).
  var TEXT = (function () {
    var el = document.getElementById("orgtree-text");
    return el ? JSON.parse(el.textContent) : {};
  }());

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
        panel.textContent = (TEXT.profileError || "") + " (" + err.message + ")";
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
      // Open fitted to the frame: every node inside it (the tree view is the readable one).
      network.fit();
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
    var influenceToggle = document.getElementById("toggle-influence");
    if (influenceToggle) {
      influenceToggle.addEventListener("change", function () {
        var hidden = !influenceToggle.checked;
        edges.update(edges.get({ filter: function (e) { return e.layer === "influence"; } })
          .map(function (e) { return { id: e.id, hidden: hidden }; }));
      });
    }
    var fit = document.getElementById("chart-fit");
    if (fit) { fit.addEventListener("click", function () { network.fit({ animation: true }); }); }

    var clusters = departmentClusters(container, network, nodes, data.departments || []);
    var collapse = document.getElementById("collapse-departments");
    if (collapse) {
      collapse.addEventListener("change", function () {
        if (collapse.checked) { clusters.collapse(); } else { clusters.expandAll(); }
      });
      if (!physics && nodes.length > 300) {  // a large account starts collapsed
        collapse.checked = true;
        clusters.collapse();
      }
    }
    network.on("click", function (params) {
      if (params.nodes.length && network.isCluster(params.nodes[0])) {
        clusters.expand(params.nodes[0]);
      }
    });
    searchToFocus(container, network, nodes, clusters, panel);
    clusters.count();
  }

  // --- collapse by department ---------------------------------------------------------

  function departmentClusters(container, network, nodes, departments) {
    var names = {};
    departments.forEach(function (d) { names["dept:" + d.id] = d.name; });

    function count() {
      container.dataset.visibleCount = String(network.body.nodeIndices.length);
    }

    function collapse() {
      var groups = {};
      nodes.forEach(function (n) {
        if (n.kind !== "person") { return; }
        var g = groups[n.group] || (groups[n.group] = { size: 0, level: n.level });
        g.size += 1;
        g.level = Math.min(g.level, n.level);
      });
      Object.keys(groups).forEach(function (group) {
        var id = "cluster:" + group;
        if (groups[group].size < 2 || network.body.nodes[id]) { return; }
        var name = names[group] || TEXT.unassigned || "";
        // refreshData=false: redraw once after the last cluster, not once per department
        network.clustering.cluster({
          joinCondition: function (n) { return n.kind === "person" && n.group === group; },
          clusterNodeProperties: {
            id: id, kind: "cluster", group: group, level: groups[group].level,
            label: name + " (" + groups[group].size + ")", shape: "box",
            color: { background: "#e8efff", border: "#1d4ed8" }, borderWidth: 2,
            font: { size: 15 }, title: tip(name + ": " + groups[group].size + " " + (TEXT.people || ""))
          }
        }, false);
      });
      network.body.emitter.emit("_dataChanged");
      count();
    }

    // People go back where they were when their department was collapsed.
    var inPlace = { releaseFunction: function (at, positions) { return positions; } };

    function expand(id) {
      if (network.isCluster(id)) { network.openCluster(id, inPlace); }
      count();
    }

    function expandAll() {
      Object.keys(network.body.nodes).forEach(function (id) {
        if (id.indexOf("cluster:") === 0 && network.isCluster(id)) {
          network.openCluster(id, inPlace);
        }
      });
      count();
    }

    function reveal(id) {
      // findNode gives the chain of clusters holding the node, outermost first.
      network.clustering.findNode(id).slice(0, -1).forEach(function (cluster) {
        if (network.isCluster(cluster)) { network.openCluster(cluster, inPlace); }
      });
      count();
    }

    return { collapse: collapse, expand: expand, expandAll: expandAll, reveal: reveal,
             count: count };
  }

  // --- search to focus ----------------------------------------------------------------

  function searchToFocus(container, network, nodes, clusters, panel) {
    var input = document.getElementById("chart-search");
    var list = document.getElementById("chart-people");
    var status = document.getElementById("chart-search-status");
    if (!input) { return; }
    var people = nodes.get({ filter: function (n) { return n.kind === "person"; } });
    people.sort(function (a, b) { return String(a.name).localeCompare(String(b.name)); });
    window.PeopleSearch.offer(list, people);

    function go() {
      var node = window.PeopleSearch.find(people, input.value);
      if (status) { status.textContent = node ? "" : (TEXT.notFound || ""); }
      if (!node) { delete container.dataset.focused; return; }
      clusters.reveal(node.id);
      network.selectNodes([node.id]);
      network.focus(node.id, { scale: 1.2, animation: { duration: 300 } });
      container.dataset.focused = node.id;
      if (panel) { showProfile(container, panel, node.ref); }
    }

    input.addEventListener("change", go);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); go(); }
    });
  }

  // The network view starts hidden behind the tree view: draw it the first time it is
  // shown (vis-network cannot lay out or fit in a container of no size).
  function start(container) {
    if (container.dataset.started || !container.getClientRects().length) { return; }
    container.dataset.started = "true";
    init(container);
  }
  function startAll() { document.querySelectorAll(".orgchart[data-source]").forEach(start); }
  document.addEventListener("graphprofile:network-view", startAll);
  startAll();
})();
