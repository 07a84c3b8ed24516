// Service worker of the door pages (registered with the scope of one event's door page). It keeps the page shell,
// styles and scripts for offline use, and answers the door list network-first with the last copy when offline.
const CACHE = 'rk-door-v1';
const SHELL = [
  '/assets/css/app.css', '/assets/css/reservations.css', '/assets/css/manage.css', '/assets/css/events.css', '/assets/css/profile.css',
  '/assets/css/door.css', '/assets/js/nav.js', '/assets/js/check-in/door.js', '/assets/js/check-in/door-store.js',
  '/assets/js/check-in/door-scanner.js', '/assets/js/check-in/qr-frame.js', '/assets/vendor/idb/index.js', '/assets/vendor/jsqr/jsQR.js',
  '/assets/icons/door-192.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('rk-door-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

/** Network first; a good answer replaces the kept copy; offline, the kept copy (the page without its query string). */
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

/** Kept copy at once, refreshed in the background for the next visit. */
async function staleWhileRevalidate(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    fresh.catch(() => undefined);
    return kept;
  }
  return fresh;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && /^\/events\/\d+\/check-in$/.test(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (/^\/api\/events\/\d+\/check-in\/door-list$/.test(url.pathname) && !url.searchParams.has('since')) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(staleWhileRevalidate(request));
  }
});
