// The phone's store, shared by the pages (offline.js) and the service worker (sw.js): the outbox of records
// made without a signal, and the copies of pages kept for the signed-in person. Plain IndexedDB and Cache
// Storage, no library (see docs/offline.md for why). Works in a window and in a worker: no DOM here.
(function (scope) {
  "use strict";
  var DB = "sammachip", PAGES = "sammachip-pages", LOCK = "sammachip-outbox", KEEP_EVERY = 30 * 60 * 1000;
  var opening = null;

  function req(r) {
    return new Promise(function (ok, fail) { r.onsuccess = function () { ok(r.result); }; r.onerror = function () { fail(r.error); }; });
  }
  function db() {
    if (!opening) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () {
        r.result.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
        r.result.createObjectStore("meta", { keyPath: "k" });
      };
      opening = req(r);
    }
    return opening;
  }
  function store(name, mode) {
    return db().then(function (d) { return d.transaction(name, mode || "readonly").objectStore(name); });
  }
  function done(s) {
    return new Promise(function (ok, fail) { s.transaction.oncomplete = ok; s.transaction.onerror = function () { fail(s.transaction.error); }; });
  }
  function getMeta(k) { return store("meta").then(function (s) { return req(s.get(k)); }).then(function (r) { return r ? r.v : null; }); }
  function setMeta(k, v) {
    return store("meta", "readwrite").then(function (s) { if (v === null) s.delete(k); else s.put({ k: k, v: v }); return done(s); });
  }
  function all() { return store("outbox").then(function (s) { return req(s.getAll()); }); }
  function put(record) { return store("outbox", "readwrite").then(function (s) { var r = s.put(record); return done(s).then(function () { return r.result; }); }); }
  function remove(id) { return store("outbox", "readwrite").then(function (s) { s.delete(id); return done(s); }); }
  function get(id) { return store("outbox").then(function (s) { return req(s.get(id)); }); }

  // The signed-in person's records, in the order they were made (ids only grow).
  function mine(person) {
    return all().then(function (rs) {
      return rs.filter(function (r) { return r.person === person; }).sort(function (a, b) { return a.id - b.id; });
    });
  }
  function pending(person) {
    return mine(person).then(function (rs) { return rs.filter(function (r) { return r.state !== "sent"; }); });
  }

  function newKey() {
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function locked(work) {
    if (scope.navigator && scope.navigator.locks) return scope.navigator.locks.request(LOCK, work);
    return work();
  }

  // A request on one bar can hang without failing: give each one a time limit, so a stuck send never holds the
  // outbox (a record cut off after the server applied it is sent again with its key, and made once).
  function timed(url, opts, ms) {
    if (typeof AbortController !== "undefined") {
      var c = new AbortController();
      setTimeout(function () { c.abort(); }, ms);
      opts.signal = c.signal;
    }
    return fetch(url, opts);
  }

  function state() {
    return timed("/offline/state.json", { credentials: "same-origin", cache: "no-store" }, 20000).then(function (r) {
      return r.ok ? r.json() : { person: null };
    });
  }

  function formData(record, csrf) {
    var fd = new FormData();
    record.entries.forEach(function (e) {
      var v = e[1];
      if (e[0] === "csrfmiddlewaretoken") v = csrf;
      else if (e[0] === "submission_key") v = record.key;
      if (v && typeof v === "object") fd.append(e[0], v.blob, v.name);
      else fd.append(e[0], v);
    });
    return fd;
  }

  // The reason a refused form gives: its error summary (core/fields.html), or its first error, as text.
  function reason(html) {
    var m = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html) ||
      /<div class="errors"[^>]*>([\s\S]*?)<\/div>/.exec(html) ||
      /<p class="error[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(html);
    if (!m) return "";
    return m[1].replace(/<\/(li|p)>|<br[^>]*>/g, "\n").replace(/<[^>]+>/g, "").replace(/&quot;/g, '"').replace(/&#x27;/g, "'")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/[ \t]+/g, " ")
      .split("\n").map(function (l) { return l.trim(); }).filter(Boolean).join("\n");
  }

  // Send what waits, oldest first, one at a time. The server applies each key once, so a record sent again
  // after an answer was lost is not made twice. No signal, or signed out: stop, and keep the rest.
  function flush() {
    return locked(function () {
      return state().then(function (st) {
        if (!st.person) return { sent: 0 };
        return mine(st.person).then(function (rs) {
          var waiting = rs.filter(function (r) { return r.state === "waiting"; }), sent = 0, i = 0;
          function next() {
            if (i >= waiting.length) return Promise.resolve();
            var r = waiting[i++];
            return timed(r.action, { method: "POST", body: formData(r, st.csrf), credentials: "same-origin", headers: { "X-Sammachip-Outbox": "1" } }, 120000)
              .then(function (res) {
                if (res.redirected && new URL(res.url).pathname.indexOf("/accounts/login") === 0) return "stop";
                if (res.ok) {
                  // Some forms refuse with a message on the page they go back to (class "msg error").
                  return res.text().then(function (html) {
                    var said = /<li class="msg error"[^>]*>([\s\S]*?)<\/li>/g, m, why = [];
                    while ((m = said.exec(html))) why.push(m[1]);
                    if (why.length) return refuse(r, res.status, reason('<div class="errors">' + why.join("</p><p>") + "</div>"));
                    // ...or answer the form again with its errors, without a refusal status
                    if (html.indexOf('class="error-summary"') >= 0) return refuse(r, res.status, reason(html));
                    sent++;
                    r.state = "sent"; r.sentAt = new Date().toISOString(); r.entries = []; r.status = res.status;
                    return put(r);
                  });
                }
                if (res.status >= 500 || res.status === 429 || res.status === 403) return "stop";
                return res.text().then(function (html) { return refuse(r, res.status, reason(html)); });
              }).catch(function () { return "stop"; })
              .then(function (how) { return how === "stop" ? null : next(); });
          }
          return next().then(prune).then(function () { return { sent: sent }; });
        });
      }, function () { return { sent: 0 }; });
    });
  }

  function refuse(r, status, why) {
    r.state = "refused"; r.status = status; r.reason = why; r.refusedAt = new Date().toISOString();
    return put(r);
  }

  // Keep the last 50 sent records as a log (their data is gone; only what, when and the answer stay).
  function prune() {
    return all().then(function (rs) {
      var sent = rs.filter(function (r) { return r.state === "sent"; }).sort(function (a, b) { return b.id - a.id; });
      return Promise.all(sent.slice(50).map(function (r) { return remove(r.id); }));
    });
  }

  // A kept copy says when it was fetched (the page shows "data as of"); the one-time messages of the moment
  // are left out.
  function stamp(html, at) {
    return html.replace(/<ul class="messages">[\s\S]*?<\/ul>/, "")
      .replace(/<head>/i, '<head><meta name="sammachip-kept-at" content="' + at + '">');
  }

  // A kept page answers itself; a redirect (to the sign-in page: the session ended) is not followed, and ends
  // the run, so no page of another session is fetched or kept.
  function keepOne(cache, url, person) {
    return timed(url, { credentials: "same-origin", headers: { "X-Sammachip-Keep": "1" }, cache: "no-store", redirect: "manual" }, 30000).then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      if (res.type === "opaqueredirect") return "stop";
      if (!res.ok || type.indexOf("text/html") !== 0) return cache.delete(url);
      return res.text().then(function (html) {
        var at = new Date().toISOString(), title = /<title>([\s\S]*?)<\/title>/.exec(html);
        return cache.put(url, new Response(stamp(html, at), { headers: {
          "Content-Type": type, "X-Kept-Person": person, "X-Kept-At": at,
          "X-Kept-Title": encodeURIComponent(title ? title[1].trim() : url) } }));
      });
    }, function () { return null; });
  }

  // Fetch the person's field pages again and keep them (at most every half hour unless asked). Another
  // person's copies are dropped first.
  function keep(force) {
    return state().then(function (st) {
      if (!st.person) return null;
      return Promise.all([getMeta("person"), getMeta("keptAt")]).then(function (m) {
        var fresh = m[0] === st.person && m[1] && Date.now() - Date.parse(m[1]) < KEEP_EVERY;
        if (fresh && !force) return m[1];
        var start = m[0] === st.person ? Promise.resolve() : forgetPages().then(function () { return setMeta("person", st.person); });
        return start.then(function () { return caches.open(PAGES); }).then(function (cache) {
          return cache.keys().then(function (old) {
            var wanted = st.pages.map(function (p) { return new URL(p, scope.location.origin).href; });
            var gone = old.filter(function (k) { return wanted.indexOf(k.url) < 0; });
            return Promise.all(gone.map(function (k) { return cache.delete(k); })).then(function () {
              var i = 0;
              function next() {
                return i < wanted.length ? keepOne(cache, wanted[i++], st.person).then(function (r) { if (r === "stop") i = wanted.length; return next(); }) : null;
              }
              return Promise.all([next(), next()]);  // two at a time: gentle on one bar
            });
          });
        }).then(function () { var at = new Date().toISOString(); return setMeta("keptAt", at).then(function () { return at; }); });
      });
    });
  }

  function forgetPages() { return caches.delete(PAGES); }

  // Signing out: nothing of this person stays on the phone.
  function forgetPerson(person) {
    return mine(person).then(function (rs) { return Promise.all(rs.map(function (r) { return remove(r.id); })); })
      .then(forgetPages).then(function () { return setMeta("person", null); }).then(function () { return setMeta("keptAt", null); });
  }

  // A kept copy, only for the person it was kept for.
  function kept(url) {
    return Promise.all([getMeta("person"), caches.open(PAGES).then(function (c) { return c.match(url); })]).then(function (r) {
      return r[1] && r[0] && r[1].headers.get("X-Kept-Person") === r[0] ? r[1] : null;
    });
  }

  function keptList() {
    return getMeta("person").then(function (person) {
      return caches.open(PAGES).then(function (c) {
        return c.keys().then(function (keys) {
          return Promise.all(keys.map(function (k) { return c.match(k).then(function (r) { return { key: k, r: r }; }); }));
        }).then(function (rs) {
          return rs.filter(function (x) { return x.r && person && x.r.headers.get("X-Kept-Person") === person; }).map(function (x) {
            return { url: x.key.url, title: decodeURIComponent(x.r.headers.get("X-Kept-Title") || ""), at: x.r.headers.get("X-Kept-At") };
          });
        });
      });
    });
  }

  scope.SammachipOutbox = {
    PAGES: PAGES, getMeta: getMeta, setMeta: setMeta, put: put, get: get, remove: remove, mine: mine, pending: pending,
    newKey: newKey, flush: flush, keep: keep, kept: kept, keptList: keptList, forgetPages: forgetPages,
    forgetPerson: forgetPerson, reason: reason
  };
})(self);
