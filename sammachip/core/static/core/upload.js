// Imports of large files: show upload progress, then show the page the server answers with.
// Without JavaScript the form posts normally; nothing here is needed for it to work.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-progress]") || !window.FormData) return;
  var bar = form.querySelector("progress.upload");
  if (!bar) return;
  event.preventDefault();
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  bar.hidden = false;
  xhr.upload.onprogress = function (e) {
    if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  };
  xhr.upload.onload = function () { bar.removeAttribute("value"); };  // indeterminate while the server checks
  xhr.onload = function () {
    if (xhr.responseURL && xhr.responseURL !== form.action && xhr.status < 400) {
      window.location.assign(xhr.responseURL);
    } else {
      document.open(); document.write(xhr.responseText); document.close();
    }
  };
  xhr.onerror = function () { bar.hidden = true; form.submit(); };
  xhr.send(new FormData(form));
});
