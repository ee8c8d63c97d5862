/* Search-to-focus shared by the org chart's two views: the people offered in the
   search box's list, and the person a query names. */
(function () {
  "use strict";

  // Fill <datalist> ``list`` with the people's names (as properties, never parsed as HTML).
  function offer(list, people) {
    if (!list) { return; }
    people.forEach(function (person) {
      var option = document.createElement("option");
      option.value = person.name;
      list.appendChild(option);
    });
  }

  // The first person whose name equals the query, else starts with it, else contains it
  // (case-insensitive); null for an empty query or no match.
  function find(people, query) {
    var needle = String(query || "").trim().toLowerCase();
    if (!needle) { return null; }
    var tests = [
      function (name) { return name === needle; },
      function (name) { return name.indexOf(needle) === 0; },
      function (name) { return name.indexOf(needle) !== -1; }
    ];
    for (var i = 0; i < tests.length; i += 1) {
      for (var j = 0; j < people.length; j += 1) {
        if (tests[i](String(people[j].name).toLowerCase())) { return people[j]; }
      }
    }
    return null;
  }

  window.PeopleSearch = { offer: offer, find: find };
}());
