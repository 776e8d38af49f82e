// Small behaviours that used to be inline attributes (the Content-Security-Policy runs no inline script):
// a <select data-autosubmit> sends its form when changed (the form keeps a button for pages without
// JavaScript), and a <form data-confirm="question"> asks before it is sent. (A file import's progress is
// upload.js: every import form has data-progress.)
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) field.form.submit();
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
// A refused form's summary (core/fields.html) is focused by `autofocus`, which scrolls it only just into view:
// on a phone that can leave it at the bottom edge, most of it below. Bring its top to the top of the screen.
// Again once the page has loaded, while the summary still has the focus: the fonts and pictures that arrive
// after the first scroll grow what is above it and pushed it down the screen (a third of the way, at times).
function summaryToTop(onlyIfFocused) {
  var summary = document.querySelector(".error-summary[autofocus]");
  if (!summary || !summary.scrollIntoView) return;
  if (onlyIfFocused && document.activeElement !== summary) return;  // she has moved on: leave her screen be
  summary.scrollIntoView({ block: "start" });
}
document.addEventListener("DOMContentLoaded", function () { summaryToTop(false); });
window.addEventListener("load", function () { summaryToTop(true); });
