// Sammachip without a signal, on the page's side: installs the service worker, shows "data as of" on a kept
// copy, puts a form marked data-outbox into the phone's outbox when there is no signal (photos shrunk to at
// most 1600 px first), shows the count waiting in the header, sends the outbox when the signal returns, draws
// the outbox page, and empties the phone's copy on signing out. Without JavaScript, forms post as usual.
(function () {
  "use strict";
  var O = window.SammachipOutbox, textNode = document.getElementById("offline-text");
  var personMeta = document.querySelector('meta[name="sammachip-person"]');
  if (!O || !window.indexedDB || !textNode || !personMeta) return;
  var T = JSON.parse(textNode.textContent), person = personMeta.content, MAX_SIDE = 1600;
  var sw = "serviceWorker" in navigator ? navigator.serviceWorker : null;

  function say(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_m, k) { return values[k]; });
  }
  function when(iso) {
    return new Date(iso).toLocaleString(document.documentElement.lang === "en" ? "en-GB" : "th-TH", { dateStyle: "medium", timeStyle: "short" });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function note(text, kind) {
    var main = document.querySelector("main.page"), list = main.querySelector("ul.messages");
    if (!list) { list = el("ul", "messages"); main.insertBefore(list, main.firstChild); }
    var li = el("li", "msg " + (kind || "success"), text);
    li.setAttribute("role", "status");
    list.appendChild(li);
  }

  function showCount() {
    return O.pending(person).then(function (rs) {
      var link = document.getElementById("outbox-count");
      if (link) { link.textContent = say(T.waiting, { n: rs.length }); link.hidden = rs.length === 0; }
      document.documentElement.dataset.outbox = String(rs.length);
      if (document.getElementById("outbox-waiting")) drawOutbox();
      return rs.length;
    });
  }

  function keep(force) {
    if (!navigator.onLine || !sw) return;
    sw.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ type: "keep", force: !!force }); });
  }

  // While records still wait and the browser says it is online (one bar: a send can fail all the same), try
  // again a little later, then less and less often.
  var retry = null, delay = 5000;
  function send() {
    if (!navigator.onLine) return Promise.resolve();
    clearTimeout(retry);
    return O.flush().then(function (r) {
      if (r.sent) keep(true);  // the kept copies now miss what was just sent
      return O.mine(person);
    }).then(function (rs) {
      var waiting = rs.some(function (x) { return x.state === "waiting"; });
      if (waiting && navigator.onLine) { retry = setTimeout(send, delay); delay = Math.min(delay * 2, 300000); }
      else delay = 5000;
      return showCount();
    });
  }

  // --- a kept copy: when it was fetched -----------------------------------------------------------------
  // (not on the outbox or the "not saved" page: what they show comes from the phone itself, now)
  var keptAt = document.querySelector('meta[name="sammachip-kept-at"]');
  if (keptAt && !document.getElementById("outbox-waiting") && !document.getElementById("kept-pages")) {
    var banner = el("p", "kept-note", say(T.kept_at, { when: when(keptAt.content) }));
    banner.id = "kept-at";
    banner.setAttribute("role", "status");
    var main = document.querySelector("main.page");
    main.insertBefore(banner, main.firstChild);
  }

  // --- into the outbox ------------------------------------------------------------------------------------
  function shrink(file) {
    if (!/^image\//.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.type === "image/jpeg") return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (ok) { canvas.toBlob(ok, "image/jpeg", 0.85); }).then(function (blob) {
        return new File([blob], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" });
      });
    }, function () { return file; });
  }

  function entries(form, submitter) {
    var data = new FormData(form, submitter || undefined), list = [];
    data.forEach(function (value, name) { list.push([name, value]); });
    return Promise.all(list.map(function (e) {
      var v = e[1];
      if (typeof v === "string") return e;
      if (!v.size) return null;  // a file field left empty
      return shrink(v).then(function (f) { return [e[0], { blob: f, name: f.name, type: f.type }]; });
    })).then(function (l) { return l.filter(Boolean); });
  }

  function summary(form) {
    var parts = [];
    Array.prototype.forEach.call(form.querySelectorAll("select, input:not([type=hidden]):not([type=file]), textarea"), function (f) {
      if (parts.length >= 3) return;
      if (f.tagName === "SELECT" && f.selectedIndex >= 0 && f.value) parts.push(f.options[f.selectedIndex].text.trim());
      else if ((f.type === "text" || f.type === "date" || f.tagName === "TEXTAREA" || !f.type || f.inputMode) && f.value.trim()) parts.push(f.value.trim().slice(0, 40));
    });
    return parts.join(" · ");
  }

  function formIndex(form) {
    return Array.prototype.indexOf.call(document.querySelectorAll("form[data-outbox]"), form);
  }

  function queue(form, submitter) {
    var replaces = form.dataset.outboxReplaces ? Number(form.dataset.outboxReplaces) : null;
    return entries(form, submitter).then(function (list) {
      var h1 = document.querySelector("main h1"), section = form.closest("section"), h2 = section && section.querySelector("h2");
      var title = (h2 ? h2.textContent.trim() + " · " : "") + (h1 ? h1.textContent.trim() : document.title);
      var record = {
        person: person, key: O.newKey(), action: new URL(form.getAttribute("action") || location.pathname + location.search, location.href).href,
        page: location.pathname + location.search, form: formIndex(form), title: title,
        summary: summary(form), entries: list, made: new Date().toISOString(), state: "waiting"
      };
      if (replaces) { record.id = replaces; }
      return (replaces ? O.get(replaces) : Promise.resolve(null)).then(function (old) {
        if (old) { record.made = old.made; record.key = old.key; }  // the same record, corrected: same place in line
        return O.put(record);
      });
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-outbox]")) return;
    var correcting = !!form.dataset.outboxReplaces;
    if (navigator.onLine && !correcting) return;  // with a signal the form posts as usual
    event.preventDefault();
    event.stopImmediatePropagation();
    if (form.dataset.queueing) return;
    form.dataset.queueing = "1";
    queue(form, event.submitter).then(function () {
      if (sw) sw.ready.then(function (reg) { if (reg.sync) reg.sync.register("outbox").catch(function () {}); });
      if (correcting) { location.assign("/outbox/"); return; }
      form.reset();
      note(T.queued);
      window.scrollTo(0, 0);
      return showCount().then(send);
    }).finally(function () { delete form.dataset.queueing; });
  }, true);

  // --- correcting a refused record: its form, filled in with what it held -----------------------------------
  function fill(form, record) {
    var files = {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (f.type === "checkbox" || f.type === "radio") f.checked = false;
      else if (f.tagName === "SELECT" && f.multiple) Array.prototype.forEach.call(f.options, function (o) { o.selected = false; });
    });
    record.entries.forEach(function (e) {
      var name = e[0], v = e[1];
      if (name === "csrfmiddlewaretoken" || name === "submission_key") return;
      var fields = form.querySelectorAll('[name="' + name.replace(/"/g, "") + '"]');
      Array.prototype.forEach.call(fields, function (f) {
        if (v && typeof v === "object") { (files[name] = files[name] || { f: f, list: [] }).list.push(new File([v.blob], v.name, { type: v.type })); }
        else if (f.type === "checkbox" || f.type === "radio") { if (f.value === v) f.checked = true; }
        else if (f.tagName === "SELECT" && f.multiple) Array.prototype.forEach.call(f.options, function (o) { if (o.value === v) o.selected = true; });
        else f.value = v;
      });
    });
    Object.keys(files).forEach(function (name) {
      if (!window.DataTransfer) return;
      var dt = new DataTransfer();
      files[name].list.forEach(function (f) { dt.items.add(f); });
      files[name].f.files = dt.files;
    });
  }

  var correct = /^#outbox-(\d+)$/.exec(location.hash);
  if (correct) {
    O.get(Number(correct[1])).then(function (record) {
      var form = record && record.person === person && document.querySelectorAll("form[data-outbox]")[record.form];
      if (!form) return;
      fill(form, record);
      form.dataset.outboxReplaces = String(record.id);
      var box = el("div", "error-summary");
      box.setAttribute("role", "alert");
      box.appendChild(el("p", "", T.correcting));
      box.appendChild(el("p", "outbox-reason", record.reason || say(T.refused_status, { n: record.status })));
      form.insertBefore(box, form.firstChild);
      form.scrollIntoView();
    });
  }

  // --- the outbox page ------------------------------------------------------------------------------------
  function reasonOf(r) {
    if (r.reason) return r.reason;
    return r.status === 404 ? T.not_found : say(T.refused_status, { n: r.status });
  }
  function drawOutbox() {
    return O.mine(person).then(function (rs) {
      var lists = { waiting: "outbox-waiting", refused: "outbox-refused", sent: "outbox-sent" };
      Object.keys(lists).forEach(function (state) {
        var ul = document.getElementById(lists[state]);
        ul.textContent = "";
        var these = rs.filter(function (r) { return r.state === state; });
        if (state === "sent") these.reverse();
        these.forEach(function (r) {
          var li = el("li", "outbox-item " + state);
          li.dataset.record = String(r.id);
          var head = el("p", "outbox-title");
          head.appendChild(el("strong", "", r.title));
          if (r.summary) head.appendChild(document.createTextNode(" · " + r.summary));
          li.appendChild(head);
          li.appendChild(el("p", "meta", state === "sent" ? say(T.state_sent, { when: when(r.sentAt) }) : say(T.made, { when: when(r.made) })));
          if (state === "refused") {
            li.appendChild(el("p", "outbox-reason error", reasonOf(r)));
            var actions = el("p", "actions");
            var fix = el("a", "btn small", T.correct);
            fix.href = r.page + "#outbox-" + r.id;
            var drop = el("button", "btn small secondary outbox-discard", T.discard_button);
            drop.type = "button";
            drop.addEventListener("click", function () {
              if (window.confirm(T.discard)) O.remove(r.id).then(showCount);
            });
            actions.appendChild(fix);
            actions.appendChild(document.createTextNode(" "));
            actions.appendChild(drop);
            li.appendChild(actions);
          }
          ul.appendChild(li);
        });
        if (!these.length && state !== "refused") ul.appendChild(el("li", "muted", state === "sent" ? T.nothing_sent : T.nothing_waiting));
        ul.closest("section").hidden = state === "refused" && !these.length;
      });
    });
  }
  var sendButton = document.getElementById("outbox-send");
  if (sendButton) sendButton.addEventListener("click", function () { send(); });

  // --- the "not yet saved on this phone" page: what is ---------------------------------------------------------
  var keptPages = document.getElementById("kept-pages");
  if (keptPages) {
    O.keptList().then(function (list) {
      if (!list.length) keptPages.appendChild(el("li", "muted", T.nothing_kept));
      list.forEach(function (p) {
        if (new URL(p.url).pathname === "/offline/") return;
        var title = new DOMParser().parseFromString(p.title, "text/html").documentElement.textContent;
        var li = el("li"), a = el("a", "", title.split(" · ").slice(0, -1).join(" · ") || title);
        a.href = p.url;
        li.appendChild(a);
        li.appendChild(el("small", "muted", " " + when(p.at)));
        keptPages.appendChild(li);
      });
    });
  }

  // --- signing out: nothing of this person stays on the phone -----------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-signout]") || form.dataset.cleared) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    O.pending(person).then(function (rs) {
      if (rs.length && !window.confirm(say(T.sign_out_pending, { n: rs.length }))) return;
      return O.forgetPerson(person).then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  }, true);

  // --- start --------------------------------------------------------------------------------------------
  // (Another person signed in on this phone: the worker's next keeping run drops the last one's copies before it
  // keeps this person's, and serves none of them meanwhile; the last one's outbox stays theirs, unseen.)
  Promise.resolve().then(function () {
    if (sw) {
      sw.addEventListener("message", function (event) {
        var type = event.data && event.data.type;
        if (type === "kept" && event.data.at) document.documentElement.dataset.kept = event.data.at;
        if (type === "flush") send();
      });
      sw.register("/sw.js", { scope: "/" }).then(function () { keep(false); }, function () {});
    }
    window.addEventListener("online", function () { send(); keep(false); });
    // ...and should that moment pass unnoticed (a weak signal comes and goes quietly), look again now and then
    setInterval(function () {
      if (navigator.onLine) O.mine(person).then(function (rs) { if (rs.some(function (x) { return x.state === "waiting"; })) send(); });
    }, 15000);
    return showCount().then(function (n) { if (n) return send(); });
  });
})();
