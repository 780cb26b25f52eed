// Filters and sorting for the audit matrix. Reads only data-* attributes; never writes HTML.
(function () {
  "use strict";
  var table = document.getElementById("matrix");
  var body = table.tBodies[0];
  var areaSelect = document.getElementById("filter-area");
  var severitySelect = document.getElementById("filter-severity");
  var statusSelect = document.getElementById("filter-status");
  var sortSelect = document.getElementById("sort-rows");

  var headerByRule = {};
  table.querySelectorAll("th.req").forEach(function (header) { headerByRule[header.dataset.rule] = header; });

  // Area and severity live on the column headers only; a cell finds its header by rule id.
  function columnVisible(header) {
    var area = areaSelect.value, severity = severitySelect.value;
    return (!area || header.dataset.area === area) && (!severity || header.dataset.severity === severity);
  }

  function applyFilters() {
    var status = statusSelect.value;
    var visibleColumns = 0;
    var perArea = {};
    table.querySelectorAll("th.req").forEach(function (header) {
      var visible = columnVisible(header);
      header.classList.toggle("hidden", !visible);
      if (visible) { visibleColumns += 1; perArea[header.dataset.area] = (perArea[header.dataset.area] || 0) + 1; }
    });
    table.querySelectorAll("th.area").forEach(function (header) {
      var count = perArea[header.dataset.area] || 0;
      header.classList.toggle("hidden", count === 0);
      if (count) { header.colSpan = count; }
    });
    Array.prototype.forEach.call(body.rows, function (row) {
      var isError = row.classList.contains("error-row");
      var matches = !status;
      row.querySelectorAll("td.cell[data-rule]").forEach(function (cell) {
        var visible = columnVisible(headerByRule[cell.dataset.rule]);
        cell.classList.toggle("hidden", !visible);
        var hit = visible && (!status || cell.dataset.status === status);
        cell.classList.toggle("dim", visible && !hit);
        if (hit) { matches = true; }
      });
      if (isError) {
        row.querySelector("td.status-error").colSpan = Math.max(visibleColumns, 1);
        matches = !status || status === "error";
      }
      row.classList.toggle("hidden", !matches);
    });
  }

  function sortRows() {
    var order = sortSelect.value;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var byName = a.dataset.name.localeCompare(b.dataset.name);
      var gapsA = Number(a.dataset.gaps), gapsB = Number(b.dataset.gaps);
      if (order === "gaps-desc") { return (gapsB - gapsA) || byName; }
      if (order === "gaps-asc") { return (gapsA - gapsB) || byName; }
      return byName;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  areaSelect.form.addEventListener("submit", function (event) { event.preventDefault(); });
  [areaSelect, severitySelect, statusSelect].forEach(function (select) {
    select.addEventListener("change", applyFilters);
  });
  sortSelect.addEventListener("change", sortRows);
  sortRows();
  applyFilters();
}());
