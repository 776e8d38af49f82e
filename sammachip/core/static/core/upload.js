// The one way a file is imported (every import form has data-progress): show the upload's progress, then
// the server's progress through the rows (the server may answer lines "progress <done> <total>", then
// "go <url>"), then open the page it names. An answer that is not streamed — the page after a redirect, or a
// refused file's page — is shown as it came, its error summary focused and in view, as the same page would be
// without JavaScript (the form then posts normally; nothing here is needed for that).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.matches("form[data-progress]") || !window.FormData) return;
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
    } else {
      // after a redirect, the answer is the page gone to (its message read once, here): show it at its address
      var moved = xhr.status < 400 && xhr.responseURL && xhr.responseURL !== new URL(action, window.location.href).href;
      show(xhr.responseText, moved ? xhr.responseURL : null);
    }
  };
  xhr.onerror = function () { bar.hidden = true; form.submit(); };
  xhr.send(new FormData(form));
});

function show(html, url) {
  var page = new DOMParser().parseFromString(html, "text/html");
  if (url) window.history.pushState(null, "", url);
  document.title = page.title;
  document.body.replaceWith(document.adoptNode(page.body));
  if (window.htmx) window.htmx.process(document.body);
  window.scrollTo(0, 0);
  var first = document.querySelector("[autofocus]");
  if (first) first.focus();
}
