// Coalitions drawn on the org chart: a toggle outlines every member of a faction in
// its colour, on the tree's cards and the network's nodes, with the coalitions card as
// the legend. Coalitions come from the page (#coalition-data: [{leader, members}]).
(function () {
  "use strict";
  var PALETTE = ["#0f766e", "#b45309", "#7c3aed", "#be123c", "#1d4ed8", "#4d7c0f",
                 "#a21caf", "#0369a1"];

  function colourOf(index) { return PALETTE[index % PALETTE.length]; }

  function init() {
    var source = document.getElementById("coalition-data");
    if (!source) { return; }
    var coalitions = JSON.parse(source.textContent);
    var of = {};  // person id -> coalition index
    coalitions.forEach(function (c, i) {
      c.members.forEach(function (m) { of[m] = i; });
    });
    var on = false;
    var saved = {};  // network node id -> its own colour and border, to restore

    // Tree: cards are redrawn whenever a branch opens, so tag them as they appear.
    function tagCards(root) {
      root.querySelectorAll(".tree-card.person[data-node]").forEach(function (card) {
        var pid = card.getAttribute("data-node").replace(/^person:/, "");
        if (Object.prototype.hasOwnProperty.call(of, pid)) {
          card.setAttribute("data-coalition", String(of[pid]));
          card.style.setProperty("--coalition-colour", colourOf(of[pid]));
        }
      });
    }
    var tree = document.querySelector(".orgtree");
    if (tree) {
      new MutationObserver(function () { if (on) { tagCards(tree); } })
        .observe(tree, { childList: true, subtree: true });
    }

    function paintNetwork() {
      var data = window.orgchartData;
      if (!data) { return; }
      var updates = [];
      Object.keys(of).forEach(function (pid) {
        var id = "person:" + pid;
        var node = data.nodes.get(id);
        if (!node) { return; }
        if (on) {
          if (!saved[id]) { saved[id] = { color: node.color, borderWidth: node.borderWidth }; }
          var colour = colourOf(of[pid]);
          updates.push({ id: id, borderWidth: 5,
                         color: Object.assign({}, node.color, { border: colour }) });
        } else if (saved[id]) {
          updates.push({ id: id, color: saved[id].color, borderWidth: saved[id].borderWidth });
        }
      });
      if (!on) { saved = {}; }
      data.nodes.update(updates);
    }

    // The network is drawn the first time its view opens: paint it then.
    document.addEventListener("graphprofile:network-view", function () {
      if (on) { paintNetwork(); }
    });

    var buttons = document.querySelectorAll("[data-coalitions-toggle]");
    function set(value) {
      on = value;
      document.body.classList.toggle("by-coalition", on);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(on)); });
      if (tree) { tagCards(tree); }
      paintNetwork();
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { set(!on); });
    });
    document.querySelectorAll(".coalition-swatch[data-index]").forEach(function (s) {
      s.style.background = colourOf(Number(s.getAttribute("data-index")));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
