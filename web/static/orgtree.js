/* Org chart, tree view: d3-org-chart over the page's JSON blob (graphprofile.render.orgtree).
   d3-org-chart takes each card as an HTML string: every data text goes through esc().
   The words shown come from the template (#orgtree-text), never from this file. */
(function () {
  "use strict";

  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }
  // Five-step stance (the three-step "opponent" too): a mark beside the colour.
  var STANCE_MARK = { mentor: "++", supporter: "+", neutral: "\u00b7",
                      non_supporter: "\u2212", opponent: "\u2212", enemy: "\u2212\u2212" };
  var CARD_WIDTH = 230;
  var CARD_HEIGHT = 104;
  var PAD = 24;  // around the tree when fitting, in screen pixels

  function format(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function textOf(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  // --- cards ----------------------------------------------------------------------------

  function personCard(d, text, state) {
    var p = d.data;
    var classes = ["tree-card", "person", "stance-" + (p.stance || "none")];
    if (state.selected === p.id) { classes.push("selected"); }
    if (p._upToTheRootHighlighted) { classes.push("on-chain"); }
    if (p._highlighted) { classes.push("found"); }
    var role = p.role ? (text.roles[p.role] || p.role.replace(/_/g, " ")) : "";
    var stance = p.stance ? (text.stances[p.stance] || p.stance) : "";
    var tip = [p.name, p.title].filter(Boolean);
    if (p.manager) { tip.push(text.reportsTo + " " + p.manager.name); }
    if (p.loop) { tip.push(text.loop); }
    var badges = "";
    if (role) { badges += '<span class="tc-role role-' + esc(p.role) + '">' + esc(role) + "</span>"; }
    if (stance) {
      badges += '<span class="tc-stance stance-' + esc(p.stance) + '"><span aria-hidden="true">' +
        esc(STANCE_MARK[p.stance] || "") + "</span> " + esc(stance) + "</span>";
    }
    var rel;
    if (p.best) {
      var more = p.links.length > 1 ? ' <span class="tc-more">+' + (p.links.length - 1) + "</span>" : "";
      rel = '<span class="tc-rel s' + esc(p.best.strength) + '"><span aria-hidden="true">\u21c4</span> ' +
        esc(p.best.colleague) + " <b>" + esc(p.best.strength) + "/5</b>" + more + "</span>";
    } else {
      rel = '<span class="tc-rel none">' + esc(text.noRelationship) + "</span>";
    }
    return '<div class="' + classes.join(" ") + '" data-node="' + esc(p.id) + '" title="' +
      esc(tip.join(" \u2014 ")) + '">' +
      '<button type="button" class="tc-name" data-select="' + esc(p.id) + '">' + esc(p.name) + "</button>" +
      '<div class="tc-title">' + esc(p.title || text.noTitle) + "</div>" +
      '<div class="tc-badges">' + badges + "</div>" + rel + "</div>";
  }

  function groupCard(d, text) {
    var g = d.data;
    var name = g.unassigned ? text.unassigned : g.name;
    var sub = g.kind === "company" ? g.industry : g.function;
    var classes = "tree-card " + g.kind + (g._upToTheRootHighlighted ? " on-chain" : "");
    return '<div class="' + classes + '" data-node="' + esc(g.id) + '" title="' + esc(name) + '">' +
      '<div class="tc-name">' + esc(name) + "</div>" +
      '<div class="tc-title">' + esc(String(sub || "").replace(/_/g, " ")) + "</div>" +
      '<div class="tc-count">' + esc(g.people) + " " + esc(text.people) + "</div></div>";
  }

  // --- map semantics: placeholder seats, conflict and dotted lines -------------------

  // A known-unknown seat (people.placeholder): an empty dashed box with its title only.
  function placeholderCard(d, text, state) {
    var p = d.data;
    var classes = ["tree-card", "person", "placeholder"];
    if (state.selected === p.id) { classes.push("selected"); }
    var label = p.title || p.name;
    return '<div class="' + classes.join(" ") + '" data-node="' + esc(p.id) +
      '" data-placeholder="true" title="' + esc(label + " \u2014 " + (text.placeholder || "")) + '">' +
      '<button type="button" class="tc-name" data-select="' + esc(p.id) + '">' + esc(label) + "</button>" +
      '<div class="tc-title">' + esc(text.placeholder || "") + "</div></div>";
  }

  // Conflict lines (red, dashed) and dotted-line reporting (grey, dotted) drawn beside the
  // tree as d3-org-chart connections between the cards shown.
  var LINE_STYLE = {
    conflicts: { stroke: "#dc2626", dash: "8,5", width: 2.5 },
    dotted_line: { stroke: "#64748b", dash: "2,5", width: 2 }
  };
  function semanticLines(chart, source) {
    var lines = JSON.parse(source.textContent).connections || [];
    if (!lines.length) { return; }
    chart.connections(lines).connectionsUpdate(function (d) {
      var style = LINE_STYLE[d.kind] || LINE_STYLE.dotted_line;
      d3.select(this).attr("stroke", style.stroke).attr("stroke-dasharray", style.dash)
        .attr("stroke-width", style.width).attr("stroke-linecap", "round")
        .attr("fill", "none").attr("pointer-events", "none").attr("marker-start", null)
        .attr("data-kind", d.kind).attr("data-from", d.from).attr("data-to", d.to)
        .classed("tree-" + d.kind, true);
    });
  }

  // --- the chart ------------------------------------------------------------------------

  function init(container) {
    var source = document.getElementById(container.dataset.source);
    if (!source || typeof d3 === "undefined" || !d3.OrgChart) { return; }
    var text = textOf("orgtree-text");
    text.roles = text.roles || {};
    text.stances = text.stances || {};
    var nodes = JSON.parse(source.textContent).nodes;
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    var state = { selected: null, chain: false };
    var panel = document.getElementById("profile-panel");

    // Departments start open unless the page data says collapsed: open means its people
    // are visible, which d3-org-chart reads from each node's _expanded flag.
    function departmentOf(n) {
      while (n && n.kind === "person") { n = byId[n.parentId]; }
      return n;
    }
    function initialFlags() {
      nodes.forEach(function (n) {
        n._expanded = n.kind !== "person" || !departmentOf(n).collapsed;
      });
    }
    initialFlags();

    var chart = new d3.OrgChart()
      .container(container)
      .data(nodes)
      .svgHeight(container.clientHeight || 620)
      .nodeWidth(function () { return CARD_WIDTH; })
      .nodeHeight(function () { return CARD_HEIGHT; })
      .childrenMargin(function () { return 50; })
      .siblingsMargin(function () { return 18; })
      .neighbourMargin(function () { return 36; })
      .compactMarginBetween(function () { return 26; })
      .compactMarginPair(function () { return 40; })
      .nodeButtonWidth(function () { return 48; })
      .nodeButtonHeight(function () { return 22; })
      .nodeButtonX(function () { return -24; })
      .nodeButtonY(function () { return -11; })
      .compact(true)
      .duration(0)
      .defaultFont("system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif")
      .nodeContent(function (d) {
        if (d.data.placeholder) { return placeholderCard(d, text, state); }
        return d.data.kind === "person" ? personCard(d, text, state) : groupCard(d, text);
      })
      .buttonContent(function (arg) {
        var open = Boolean(arg.node.children);
        // the arrow is CSS (.tree-toggle::before): the button's text is its count alone
        return '<div class="tree-toggle' + (open ? " open" : "") + '">' +
          esc(arg.node.data._directSubordinates) + "</div>";
      })
      .pagingButton(function () { return '<div class="tree-paging">\u2026</div>'; })
      .nodeUpdate(function (d) {
        var node = d3.select(this);
        node.select(".node-rect").attr("stroke", "none");
        var open = Boolean(d.children);
        var group = d.data.kind === "department";
        var name = d.data.unassigned ? text.unassigned : d.data.name;
        var verb = group ? (open ? text.collapseDepartment : text.expandDepartment)
          : (open ? text.collapse : text.expand);
        node.select(".node-button-g")
          .attr("tabindex", d.data._directSubordinates > 0 ? 0 : -1)
          .attr("role", "button")
          .attr("aria-expanded", String(open))
          .attr("aria-label", verb + ": " + name + ", " + d.data._directSubordinates);
      })
      .linkUpdate(function (d) {
        var on = Boolean(d.data._upToTheRootHighlighted);
        d3.select(this).attr("stroke", on ? "#b45309" : "#aab4c3")
          .attr("stroke-width", on ? 4 : 1.2).classed("on-chain", on);
        if (on) { d3.select(this).raise(); }
      })
      .onNodeClick(function (d) {
        if (d.data.kind === "person") { select(d.data.id); }
      })
      .onExpandOrCollapse(function (d) {
        d.data._expanded = true;  // the card itself stays visible when its reports close
        settle();
      });
    window.orgtree = chart;
    window.orgtreeNodes = nodes;
    window.orgtreeEscape = esc;
    semanticLines(chart, source);

    // A key inside a card (the name button) must not reach d3-org-chart's own node
    // handler, which would open or close the reports as well as selecting.
    container.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest(".node-foreign-object-div")) {
        event.stopPropagation();
      }
    }, true);
    container.addEventListener("keydown", function (event) {
      if ((event.key === " " || event.key === "Enter") && event.target.classList &&
          event.target.classList.contains("node-button-g")) {
        event.preventDefault();  // space would scroll the page
      }
    });

    var pending = 0;
    function settle() {
      // d3 transitions run after the call: say when the drawing has come to rest.
      container.dataset.settled = "false";
      pending += 1;
      window.setTimeout(function () {
        pending -= 1;
        if (pending) { return; }
        container.dataset.visibleCount = String(container.querySelectorAll("g.node").length);
        container.dataset.settled = "true";
      }, chart.duration() + 120);
    }

    function fit(animate, ids) {
      var s = chart.getChartState();
      var shown = s.root.descendants();
      if (ids) {
        var only = shown.filter(function (d) { return ids.indexOf(d.data.id) !== -1; });
        if (only.length) { shown = only; }
      }
      var x0 = d3.min(shown, function (d) { return d.x - d.width / 2; });
      var x1 = d3.max(shown, function (d) { return d.x + d.width / 2; });
      var y0 = d3.min(shown, function (d) { return d.y; });
      var y1 = d3.max(shown, function (d) { return d.y + d.height; }) + 14;  // the button
      var w = container.clientWidth || s.svgWidth;
      var h = container.clientHeight || s.svgHeight;
      var k = Math.min(1, (w - 2 * PAD) / Math.max(1, x1 - x0), (h - 2 * PAD) / Math.max(1, y1 - y0));
      var t = d3.zoomIdentity.translate(w / 2, h / 2).scale(k)
        .translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
      s.centerG.attr("transform", "translate(0,0)");
      s.svg.interrupt().transition().duration(animate ? 300 : 0).call(s.zoomBehavior.transform, t);
      settle();
    }

    function centerOn(id) {
      var s = chart.getChartState();
      var node = s.root.descendants().filter(function (d) { return d.data.id === id; })[0];
      if (!node) { return; }
      var w = container.clientWidth || s.svgWidth;
      var h = container.clientHeight || s.svgHeight;
      var k = Math.min(1, Math.max(s.lastTransform.k || 1, 0.8));
      var t = d3.zoomIdentity.translate(w / 2, h / 2).scale(k)
        .translate(-node.x, -(node.y + node.height / 2));
      s.centerG.attr("transform", "translate(0,0)");
      s.svg.interrupt().transition().duration(300).call(s.zoomBehavior.transform, t);
      settle();
    }

    function reveal(id) {
      // Open every card on the way from the company down to this person.
      var s = chart.getChartState();
      var found = s.generateRoot(s.data).descendants()
        .filter(function (d) { return d.data.id === id; })[0];
      if (found) { found.ancestors().forEach(function (d) { d.data._expanded = true; }); }
    }

    function redraw() {
      chart.render();
      settle();
    }

    // --- selection, links, profile ------------------------------------------------------

    var chainButton = document.getElementById("tree-chain");
    function select(id) {
      var person = byId[id];
      if (!person) { return; }
      state.selected = id;
      container.dataset.selected = id;
      if (chainButton) { chainButton.disabled = false; }
      if (state.chain) { chainToTop(true); } else { chart.update(chart.getChartState().root); }
      showLinks(person);
      if (panel) { showProfile(person.ref); }
    }

    function showLinks(person) {
      var box = document.getElementById("person-links");
      var list = document.getElementById("person-links-list");
      var title = document.getElementById("person-links-title");
      var note = document.getElementById("person-links-note");
      if (!box || !list) { return; }
      box.hidden = false;
      box.dataset.person = person.id;
      title.textContent = format(text.linksTitle, { name: person.name });
      list.textContent = "";
      person.links.forEach(function (link) {
        var item = document.createElement("li");
        item.className = "link-chip s" + link.strength;
        item.dataset.colleague = link.colleague_id;
        var name = document.createElement("span");
        name.className = "link-name";
        name.textContent = link.colleague + (link.active ? "" : " (" + text.inactive + ")");
        var strength = document.createElement("span");
        strength.className = "strength s" + link.strength;
        strength.textContent = link.strength + "/5";
        var last = document.createElement("span");
        last.className = "muted small";
        last.textContent = text.lastContact + " " + (link.last_contact || text.never);
        item.append(name, " ", strength, " ", last);
        list.appendChild(item);
      });
      var notes = [];
      if (!person.links.length) { notes.push(text.noLinks); }
      if (person.manager) { notes.push(text.reportsTo + " " + person.manager.name); }
      if (person.loop) { notes.push(text.loop); }
      note.textContent = notes.join(" \u00b7 ");
    }

    function profileUrl(ref) {
      var url = container.dataset.profileBase.replace("__id__", encodeURIComponent(ref));
      var params = new URLSearchParams(window.location.search);
      var query = new URLSearchParams({ partial: "1" });
      if (params.get("as_of")) { query.set("as_of", params.get("as_of")); }
      return url + "?" + query.toString();
    }

    function showProfile(ref) {
      panel.setAttribute("aria-busy", "true");
      panel.dataset.person = ref;
      fetch(profileUrl(ref), { headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          if (panel.dataset.person !== ref) { return; }  // a later click won
          panel.innerHTML = html;  // rendered by Jinja with autoescaping
          panel.dataset.loaded = ref;
        })
        .catch(function () { panel.textContent = text.profileError; })
        .finally(function () { panel.removeAttribute("aria-busy"); });
    }

    function clearFlags(flag) {
      nodes.forEach(function (n) { n[flag] = false; });
    }

    function chainToTop(on) {
      state.chain = on;
      if (chainButton) { chainButton.setAttribute("aria-pressed", String(on)); }
      clearFlags("_upToTheRootHighlighted");
      if (on && state.selected) { chart.setUpToTheRootHighlighted(state.selected); }
      redraw();
      if (on && state.selected) {  // bring the whole chain into the frame
        var chain = [];
        for (var at = byId[state.selected]; at; at = byId[at.parentId]) { chain.push(at.id); }
        fit(true, chain);
      }
    }

    // --- controls -------------------------------------------------------------------------

    function on(id, handler) {
      var el = document.getElementById(id);
      if (el) { el.addEventListener("click", handler); }
    }
    on("tree-fit", function () { fit(true); });
    on("tree-expand-all", function () {
      nodes.forEach(function (n) { n._expanded = true; });
      redraw();
      fit(false);
    });
    on("tree-collapse-all", function () {
      nodes.forEach(function (n) { n._expanded = n.kind !== "person"; });
      redraw();
      fit(false);
    });
    on("tree-chain", function () { chainToTop(!state.chain); });

    var input = document.getElementById("tree-search");
    var status = document.getElementById("tree-search-status");
    var people = nodes.filter(function (n) { return n.kind === "person"; });
    window.PeopleSearch.offer(document.getElementById("tree-people"), people);
    function search() {
      var person = window.PeopleSearch.find(people, input.value);
      if (status) { status.textContent = person ? format(text.found, { name: person.name }) : text.notFound; }
      if (!person) { delete container.dataset.focused; return; }
      clearFlags("_highlighted");
      reveal(person.id);
      person._highlighted = true;
      redraw();
      centerOn(person.id);
      container.dataset.focused = person.id;
      select(person.id);
    }
    if (input) {
      input.addEventListener("change", search);
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); search(); }
      });
      on("tree-search-go", search);
    }

    chart.render();
    chart.duration(300);
    fit(false);
    container.dataset.ready = "true";
  }

  // --- tree or network -------------------------------------------------------------------

  function views() {
    var toggle = document.getElementById("view-toggle");
    var tree = document.getElementById("tree-view");
    var network = document.getElementById("network-view");
    if (!toggle || !tree || !network) { return; }
    toggle.addEventListener("click", function () {
      var showNetwork = network.hidden;
      network.hidden = !showNetwork;
      tree.hidden = showNetwork;
      toggle.setAttribute("aria-pressed", String(showNetwork));
      toggle.textContent = showNetwork ? toggle.dataset.treeLabel : toggle.dataset.networkLabel;
      var links = document.getElementById("person-links");
      if (links) { links.hidden = true; }
      if (showNetwork) { document.dispatchEvent(new CustomEvent("graphprofile:network-view")); }
    });
  }

  views();
  document.querySelectorAll(".orgtree[data-source]").forEach(init);
})();
