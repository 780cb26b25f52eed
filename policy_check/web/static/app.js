// The start page: files dropped or chosen are sent one request each to POST /api/check (two at a time), with a
// progress bar over all of them. Without this script the form posts them all at once to /upload instead.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) { return; }
  var input = document.getElementById("files");
  var drop = document.getElementById("drop");
  var asOf = document.getElementById("as-of");
  var section = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var list = document.getElementById("results");
  var done = document.getElementById("done");
  var seeChecked = document.getElementById("see-checked");
  var PARALLEL = 2;

  function summary(policy) {
    var counts = policy.summary;
    return counts.met + " met, " + counts.partial + " partial, " + counts.missing + " missing, " +
      counts.conflict + " conflict";
  }

  function item(name) {
    var li = document.createElement("li");
    li.textContent = name + ": waiting";
    list.appendChild(li);
    return li;
  }

  function send(file, li, onProgress, onDone) {
    var data = new FormData();
    data.append("file", file, file.name);
    if (asOf.value) { data.append("as_of", asOf.value); }
    var request = new XMLHttpRequest();
    request.open("POST", "/api/check");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { onProgress(event.loaded / event.total * 0.5); }
    });
    request.upload.addEventListener("load", function () {
      onProgress(0.5);
      li.textContent = file.name + ": checking";
    });
    request.addEventListener("load", function () {
      var body = null;
      try { body = JSON.parse(request.responseText); } catch (error) { body = null; }
      var hashes = [];
      if (request.status === 200 && body && body.policies) {
        li.textContent = "";
        body.policies.forEach(function (policy, index) {
          var line = document.createElement(index ? "div" : "span");
          if (policy.error) {
            line.textContent = policy.source + ": could not be read: " + policy.error;
            li.className = "failed";
          } else {
            var link = document.createElement("a");
            link.href = "/policies/" + policy.sha256;
            link.textContent = policy.source;
            line.appendChild(link);
            line.appendChild(document.createTextNode(": " + summary(policy)));
            hashes.push(policy.sha256);
            li.className = li.className || "done";
          }
          li.appendChild(line);
        });
      } else {
        li.className = "failed";
        li.textContent = file.name + ": " + (body && body.error ? body.error : "failed (" + request.status + ")");
      }
      onDone(hashes);
    });
    request.addEventListener("error", function () {
      li.className = "failed";
      li.textContent = file.name + ": the server could not be reached";
      onDone([]);
    });
    request.send(data);
  }

  function checkAll(files) {
    files = Array.prototype.slice.call(files);
    if (!files.length) { return; }
    section.hidden = false;
    done.hidden = true;
    list.textContent = "";
    var progress = files.map(function () { return 0; });
    var hashes = [];
    var next = 0;
    var finished = 0;

    function show() {
      var total = progress.reduce(function (a, b) { return a + b; }, 0);
      bar.value = total / files.length;
      text.textContent = "Checked " + finished + " of " + files.length + " file" + (files.length === 1 ? "" : "s");
    }

    function start() {
      if (next >= files.length) { return; }
      var index = next;
      next += 1;
      send(files[index], items[index], function (share) { progress[index] = share; show(); }, function (found) {
        progress[index] = 1;
        finished += 1;
        hashes = hashes.concat(found);
        show();
        if (finished === files.length) {
          seeChecked.href = "/checked?" + hashes.map(function (h) { return "sha=" + h; }).join("&");
          done.hidden = false;
        }
        start();
      });
    }

    var items = files.map(function (file) { return item(file.name); });
    show();
    for (var i = 0; i < PARALLEL; i += 1) { start(); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    checkAll(input.files);
  });
  input.addEventListener("change", function () { checkAll(input.files); });
  drop.addEventListener("dragover", function (event) {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    drop.classList.remove("over");
    checkAll(event.dataTransfer.files);
  });
}());
