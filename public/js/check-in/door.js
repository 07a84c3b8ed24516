// The door page as an offline app: the event's door list lives on this device (IndexedDB), a scan or a typed code is
// answered at once from it, and scans are sent in batches when the network is there. Without this script the form
// still posts each code to the server.
import { createScanner, cameraAvailable } from './door-scanner.js';
import { deleteAllDoorData, openDoorStore } from './door-store.js';
import { ticketCodeOf } from './qr-frame.js';

const BATCH = 50;
const RETRY_MS = 20000;
const DEVICE_KEY = 'rk-door-device';

const app = document.getElementById('door-app');
const $ = (id) => document.getElementById(id);

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

if (app && 'indexedDB' in window) boot().catch(() => { /* the plain form keeps working */ });

async function boot() {
  const eventId = Number(app.dataset.eventId);
  const zone = app.dataset.zone;
  const text = JSON.parse(app.dataset.text);
  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'id-ID';
  const fill = (template, params) => template.replace(/\{(\w+)\}/g, (whole, k) => (params[k] === undefined ? whole : String(params[k])));
  const clock = (iso) => new Intl.DateTimeFormat(lang, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  const longDate = (iso) => new Intl.DateTimeFormat(lang, { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

  const form = $('check-in-form');
  const input = $('f-code');
  const banner = $('door-banner');
  const status = $('door-status');
  let store = await openDoorStore(eventId);
  let syncing = false;
  // Set once the copy was dropped because the event is over: nothing is fetched again on this page.
  let expired = false;

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/door-sw.js', { scope: `/events/${eventId}/check-in` }).catch(() => {});
  }

  app.hidden = false;
  $('door-panel').hidden = false;
  document.querySelectorAll('[data-door-js-hidden]').forEach((el) => { el.hidden = true; });

  function show(kind, message) {
    // The server's answer to a posted form gives way to the device's answers.
    if ($('server-result')) $('server-result').hidden = true;
    banner.className = `door-banner door-banner-${kind}`;
    $('door-banner-icon').textContent = { ok: '✓', already: '!', cancelled: '✕', unknown: '?', waitlisted: '…', info: 'i' }[kind] ?? 'i';
    $('door-banner-text').textContent = message;
    banner.hidden = false;
  }

  async function wipe(message) {
    if (message === text.expired) expired = true;
    await store.destroy();
    store = await openDoorStore(eventId);
    await render();
    show('info', message);
  }

  async function render() {
    const entries = await store.entries();
    const expected = entries.filter((e) => e.status === 'confirmed' || e.status === 'checked_in').length;
    const checked = entries.filter((e) => e.status === 'checked_in').length;
    $('door-checked').textContent = String(checked);
    $('door-expected').textContent = String(expected);
    const scans = await store.allScans();
    const pending = scans.filter((s) => !s.sent).length;
    $('door-pending').textContent = pending ? fill(text.pending, { count: pending }) : text.pending_none;
    const synced = await store.meta('syncedAt');
    $('door-synced').textContent = synced ? fill(text.synced_at, { time: clock(synced) }) : text.never_synced;
    const until = await store.meta('keepUntil');
    if (until) $('door-retention').textContent = fill(text.retention_js, { until: longDate(until) });
    status.textContent = navigator.onLine ? text.online : text.offline;
    status.dataset.online = String(navigator.onLine);
    const conflicts = scans.filter((s) => s.result === 'cancelled');
    const list = $('door-conflicts');
    list.replaceChildren(...conflicts.map((s) => {
      const li = document.createElement('li');
      li.textContent = `${text.cancelled} · ${s.name ?? ''} · ${s.code} · ${s.device} ${clock(s.scannedAt)}`;
      return li;
    }));
    $('door-conflicts-box').hidden = conflicts.length === 0;
  }

  /** Applies a door-list answer of the server (whole list or changes) and keeps its cursor. */
  async function apply(answer) {
    await store.putEntries(answer.entries, { replaceAll: answer.full });
    await store.setMeta('cursor', answer.cursor);
    await store.setMeta('keepUntil', answer.event.keepUntil);
    await store.setMeta('syncedAt', new Date().toISOString());
  }

  /** A failed answer: signed out → the copy goes; not door staff or the event over → the copy goes too. */
  async function refused(res) {
    if (res.status === 401) await wipe(text.signed_out);
    else if (res.status === 410) await wipe(text.expired);
    else if (res.status === 403 || res.status === 404) await wipe((await res.json().catch(() => ({}))).message || text.expired);
    return false;
  }

  async function post(body) {
    return fetch(`/api/events/${eventId}/check-in/sync`, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': document.documentElement.lang }, body: JSON.stringify(body),
    });
  }

  /** Sends what waits (in batches), then refreshes the list with the changes since the last cursor. */
  async function sync() {
    if (syncing || expired || !navigator.onLine) return;
    syncing = true;
    app.dataset.sync = 'busy';
    $('door-send').disabled = true;
    try {
      const device = localStorage.getItem(DEVICE_KEY) || '';
      let more = false;
      for (let round = 0; round < 20; round++) {
        const pending = await store.pendingScans(BATCH);
        // One device name per request (the name may have been changed while scans waited).
        const scans = pending.filter((s) => s.device === (pending[0] ? pending[0].device : ''));
        const cursor = await store.meta('cursor');
        if (!scans.length && round > 0 && !more) break;
        let res;
        if (scans.length) {
          res = await post({ device: scans[0].device || device, scans: scans.map((s) => ({ scanId: s.scanId, code: s.code, scannedAt: s.scannedAt })), ...(cursor ? { since: cursor } : {}) });
        } else {
          res = await fetch(`/api/events/${eventId}/check-in/door-list${cursor ? `?since=${encodeURIComponent(cursor)}` : ''}`, { credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': document.documentElement.lang } });
        }
        if (!res.ok) { await refused(res); break; }
        const answer = await res.json();
        if (answer.results) {
          await store.markSent(answer.results);
          // The server's word on each ticket replaces the device's guess (a refused or cancelled scan undoes it).
          await store.putEntries(answer.results.filter((r) => r.entry).map((r) => r.entry));
          const conflict = answer.results.find((r) => r.result === 'cancelled' && !r.resent);
          const refusal = answer.results.find((r) => r.result === 'refused' && !r.resent);
          if (conflict) show('cancelled', fill(text.conflict, { name: conflict.entry ? conflict.entry.name : conflict.scanId }));
          else if (refusal) show('already', refusal.message);
        }
        await apply(answer);
        more = Boolean(answer.more);
        if (!more && !scans.length) break;
      }
      if (Date.now() > Date.parse((await store.meta('keepUntil')) || '9999-12-31')) await wipe(text.expired);
    } catch {
      // offline or the server unreachable: the scans stay queued for the next try
    } finally {
      syncing = false;
      $('door-send').disabled = false;
      await render();
      app.dataset.sync = 'idle';
      app.dataset.syncs = String(Number(app.dataset.syncs || 0) + 1);
    }
  }

  async function handle(raw) {
    const code = ticketCodeOf(raw);
    if (!code) return;
    const device = localStorage.getItem(DEVICE_KEY);
    if (!device || !(await store.meta('cursor'))) {
      // No door name or no door list on this device yet: online, the server checks the code in as without this script.
      if (navigator.onLine) form.submit();
      else if (!device) $('f-device').focus();
      else show('info', text.no_list);
      return;
    }
    const entry = await store.entry(code);
    if (!entry) show('unknown', text.unknown);
    else if (entry.status === 'cancelled') show('cancelled', `${text.cancelled} · ${entry.name}`);
    else if (entry.status === 'waitlisted') show('waitlisted', `${text.waitlisted} · ${entry.name}`);
    else if (entry.status === 'checked_in') {
      show('already', entry.door ? fill(text.already_at_door, { time: clock(entry.checkedInAt), door: entry.door }) : fill(text.already, { time: clock(entry.checkedInAt) }));
    } else {
      const at = new Date().toISOString();
      await store.checkIn({ ...entry, status: 'checked_in', checkedInAt: at, door: device },
        { scanId: uuid(), code, name: entry.name, device, scannedAt: at, sent: 0 });
      show('ok', fill(text.checked_in, { name: entry.name }));
      sync();
    }
    input.value = '';
    await render();
  }

  // The device's door name, asked once.
  const deviceForm = $('door-device');
  const showDevice = () => {
    const name = localStorage.getItem(DEVICE_KEY);
    deviceForm.hidden = Boolean(name);
    $('door-device-name').textContent = name ? fill(text.device_is, { door: name }) : '';
    $('door-device-change').hidden = !name;
  };
  deviceForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('f-device').value.trim().slice(0, 40);
    if (!name) return;
    localStorage.setItem(DEVICE_KEY, name);
    showDevice();
    input.focus();
  });
  $('door-device-change').addEventListener('click', () => {
    $('f-device').value = localStorage.getItem(DEVICE_KEY) || '';
    deviceForm.hidden = false;
    $('f-device').focus();
  });
  showDevice();

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    handle(input.value);
  });
  $('door-send').addEventListener('click', () => sync());
  window.addEventListener('online', () => { render(); sync(); });
  window.addEventListener('offline', () => render());
  window.setInterval(() => sync(), RETRY_MS);

  // Signing out removes the copy (the server's Clear-Site-Data does it too); unsent scans are sent first when possible.
  document.querySelectorAll('form[action="/sign-out"]').forEach((f) => f.addEventListener('submit', async (e) => {
    e.preventDefault();
    await sync();
    const pending = (await store.pendingScans(1)).length;
    if (pending && !window.confirm(text.sign_out_pending)) return;
    await store.destroy();
    await deleteAllDoorData();
    f.submit();
  }));

  // The camera: continuous scanning, front/back switch, torch where the track has one.
  const video = $('scanner-video');
  if (cameraAvailable() && video) {
    const scanButton = $('scan-button');
    const scanner = createScanner({
      video,
      onCode: (code) => handle(code),
      onState: ({ running, torch, torchOn, canSwitch }) => {
        $('scanner').hidden = !running;
        scanButton.hidden = running;
        $('scan-switch').hidden = !canSwitch;
        $('scan-torch').hidden = !torch;
        $('scan-torch').textContent = torchOn ? text.torch_off : text.torch_on;
        $('scan-torch').setAttribute('aria-pressed', String(torchOn));
      },
      onError: () => show('info', $('scanner-status').dataset.noCamera),
    });
    scanButton.hidden = false;
    scanButton.addEventListener('click', () => scanner.start());
    $('scan-stop').addEventListener('click', () => scanner.stop());
    $('scan-switch').addEventListener('click', () => scanner.switchCamera());
    $('scan-torch').addEventListener('click', () => scanner.toggleTorch());
    window.addEventListener('pagehide', () => scanner.stop());
  }

  const until = await store.meta('keepUntil');
  if (until && Date.now() > Date.parse(until)) await wipe(text.expired);
  await render();
  if (!expired && !$('server-result')) show('info', text.ready);
  await sync();
}
