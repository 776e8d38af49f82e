// Imports of large files: show the upload's progress, then the server's progress through the rows (a form
// with data-progress asks for it: the server answers lines "progress <done> <total>", then "go <url>"),
// then open the page it names. Without JavaScript the form posts normally and the server redirects when
// it is done; nothing here is needed for that.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-progress]") || !window.FormData) return;
  var bar = form.querySelector("progress.upload");
  if (!bar) return;
  event.preventDefault();
  var note = form.querySelector(".progress-note");
  var action = form.getAttribute("action") || window.location.href;
  var xhr = new XMLHttpRequest();
  xhr.open("POST", action);
  xhr.setRequestHeader("X-Progress", "1");
  bar.hidden = false;
  Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
  function streamed() { return xhr.getResponseHeader("X-Progress-Stream") === "1"; }
  function lastLine(prefix) {
    return xhr.responseText.split("\n").filter(function (l) { return l.indexOf(prefix) === 0; }).pop();
  }
  xhr.upload.onprogress = function (e) {
    if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  };
  xhr.upload.onload = function () { bar.removeAttribute("value"); };  // indeterminate until rows are counted
  xhr.onprogress = function () {
    if (!streamed()) return;
    var line = lastLine("progress ");
    if (!line) return;
    var parts = line.split(" "), done = Number(parts[1]), total = Number(parts[2]);
    bar.max = Math.max(total, 1);
    bar.value = done;
    if (note) {
      note.hidden = false;
      note.textContent = (form.dataset.progress || "{done} / {total}")
        .replace("{done}", done.toLocaleString()).replace("{total}", total.toLocaleString());
    }
  };
  xhr.onload = function () {
    if (streamed()) {
      var go = lastLine("go ");
      window.location.assign(go ? go.slice(3) : window.location.href);
    } else if (xhr.responseURL && xhr.responseURL !== action && xhr.status < 400) {
      window.location.assign(xhr.responseURL);
    } else {
      document.open(); document.write(xhr.responseText); document.close();
    }
  };
  xhr.onerror = function () { bar.hidden = true; form.submit(); };
  xhr.send(new FormData(form));
});
