// Search every school by name or file name; results are built as text, never as HTML.
(function () {
  var schools = JSON.parse(document.getElementById("schools").textContent);
  var box = document.getElementById("school-search");
  var list = document.getElementById("search-results");
  var MAX = 50;
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  box.addEventListener("input", function () {
    var query = box.value.trim().toLowerCase();
    list.textContent = "";
    if (query.length < 2) { return; }
    var shown = 0;
    for (var i = 0; i < schools.length && shown < MAX; i++) {
      var s = schools[i];
      if (s[0].toLowerCase().indexOf(query) === -1 && s[1].toLowerCase().indexOf(query) === -1) { continue; }
      var item = document.createElement("li");
      item.appendChild(link("policies/" + s[2], s[0]));
      item.appendChild(document.createTextNode(" \u00b7 "));
      item.appendChild(link(s[3], "in the matrix"));
      var source = document.createElement("span");
      source.className = "source";
      source.textContent = s[1];
      item.appendChild(source);
      list.appendChild(item);
      shown++;
    }
    if (!shown) { list.textContent = "No school matches."; }
  });
})();
