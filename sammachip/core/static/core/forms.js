// A form being sent is sent once: its buttons are disabled until the answer comes (the page changes, or
// htmx swaps the answer in). The server is the real guard — every form carries a one-time submission key,
// and the same key twice creates nothing new — this only spares a second tap on a slow signal.
(function () {
  function buttons(form) {
    return form.querySelectorAll("button:not([type=button]), input[type=submit]");
  }
  function release(form) {
    delete form.dataset.sending;
    Array.prototype.forEach.call(buttons(form), function (b) { b.disabled = false; b.removeAttribute("aria-busy"); });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post" || form.hasAttribute("data-progress")) return;
    if (form.dataset.sending) { event.preventDefault(); return; }
    form.dataset.sending = "1";
    // after this event, so the button pressed still goes with the form's data
    setTimeout(function () {
      Array.prototype.forEach.call(buttons(form), function (b) { b.disabled = true; b.setAttribute("aria-busy", "true"); });
    }, 0);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    if (form) release(form);
  });
  window.addEventListener("pageshow", function (event) {  // back to a page kept by the browser
    if (event.persisted) Array.prototype.forEach.call(document.querySelectorAll("form[data-sending]"), release);
  });
})();
// Attendance: a proxy is held by a member marked present, so each "represented by" list offers only those
// (the server refuses any other; without JavaScript the whole list shows).
(function () {
  function refresh(form) {
    var present = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio][name^=status_]:checked"), function (r) {
      present[r.name.slice(7)] = r.value === "present";
    });
    Array.prototype.forEach.call(form.querySelectorAll("select[data-proxy-for]"), function (select) {
      Array.prototype.forEach.call(select.options, function (o) {
        if (!o.value) return;
        o.disabled = !present[o.value];
        o.hidden = o.disabled;
        if (o.disabled && o.selected) select.value = "";
      });
    });
  }
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.id === "attendance-form") refresh(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("attendance-form");
    if (form) refresh(form);
  });
})();
// Expenditure forum: choosing a household (or a month) opens what it has recorded for that month, so saving
// never replaces entries the officer did not see. Without JavaScript, the "recorded so far" list links there.
document.addEventListener("change", function (event) {
  var field = event.target;
  if (!field.matches || !field.matches("[data-refill]") || !field.form) return;
  // Offline there is nothing to fetch: the household's month is typed in and queued as it is (outbox.js).
  if (!navigator.onLine) return;
  var form = field.form;
  var household = form.elements.household.value, month = form.elements.month.value.trim();
  if (!household || !month) return;
  var dirty = Array.prototype.some.call(form.querySelectorAll("input[name^=item_]"), function (i) {
    return i.value !== i.defaultValue;
  });
  if (dirty && !window.confirm(form.dataset.refillConfirm)) return;
  window.location.search = "?household=" + encodeURIComponent(household) + "&month=" + encodeURIComponent(month);
});
