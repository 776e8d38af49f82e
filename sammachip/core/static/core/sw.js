// Sammachip's service worker (served at /sw.js by sammachip.offline.views with its version and assets filled
// in). Pages: from the network, and when there is no signal, the copy kept on the phone for the signed-in person
// (outbox.js keeps them), else the "not yet saved on this phone" page. Scripts, styles and fonts: kept at
// install, served from the phone. The outbox is sent by an open page; with no page open, by Background Sync.
importScripts("/static/core/outbox.js");
var VERSION = "__VERSION__", ASSETS = __ASSETS__, STATIC = "sammachip-static-" + VERSION, O = self.SammachipOutbox;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(ASSETS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("sammachip-static-") === 0 && n !== STATIC; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromPhone(request) {
  return caches.match(request, { cacheName: STATIC }).then(function (hit) { return hit || fetch(request); });
}

function page(request) {
  return fetch(request).catch(function () {
    var url = request.url.split("#")[0];
    return O.kept(url).then(function (hit) {
      return hit || O.kept(new URL("/offline/", self.location.origin).href);
    }).then(function (hit) {
      return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) event.respondWith(fromPhone(request));
  else if (request.mode === "navigate") event.respondWith(page(request));
});

function tell(message) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (wins) {
    wins.forEach(function (w) { w.postMessage(message); });
    return wins.length;
  });
}

// One run of keeping at a time: a page that asks while one runs waits for it.
var keeping = null;
self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "keep") {
    if (!keeping) keeping = O.keep(event.data.force).finally(function () { keeping = null; });
    event.waitUntil(keeping.then(function (at) { return tell({ type: "kept", at: at }); }, function () { return null; }));
  }
});

// The signal is back and no page is open to send the outbox: send it from here. With a page open, the page
// sends (and shows what happens).
self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") return;
  event.waitUntil(tell({ type: "flush" }).then(function (open) {
    return open ? null : O.flush();
  }));
});
