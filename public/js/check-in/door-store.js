// The door list and the scans of one event on this device (IndexedDB through idb). Holds no email or phone number.
import { deleteDB, openDB } from '/assets/vendor/idb/index.js';

export const dbName = (eventId) => `rk-door-${eventId}`;

/** Every door database on this device (sign-out removes them all). */
export async function deleteAllDoorData() {
  const names = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name).filter((n) => n && n.startsWith('rk-door-')) : [];
  await Promise.all(names.map((n) => deleteDB(n)));
}

export async function openDoorStore(eventId) {
  const db = await openDB(dbName(eventId), 1, {
    upgrade(d) {
      d.createObjectStore('meta');
      d.createObjectStore('entries', { keyPath: 'code' });
      const scans = d.createObjectStore('scans', { keyPath: 'scanId' });
      scans.createIndex('sent', 'sent');
    },
  });
  return {
    meta: (key) => db.get('meta', key),
    setMeta: (key, value) => db.put('meta', value, key),
    entry: (code) => db.get('entries', code),
    entries: () => db.getAll('entries'),
    /** Server entries replace local ones, except tickets with a scan not yet sent (the device's own check-in stands). */
    async putEntries(list, { replaceAll = false } = {}) {
      const pending = new Set((await db.getAllFromIndex('scans', 'sent', 0)).map((s) => s.code));
      const tx = db.transaction('entries', 'readwrite');
      if (replaceAll) {
        for (const key of await tx.store.getAllKeys()) if (!pending.has(key)) await tx.store.delete(key);
      }
      for (const e of list) if (!pending.has(e.code)) await tx.store.put(e);
      await tx.done;
    },
    /** A local check-in: the entry and its scan are written together. */
    async checkIn(entry, scan) {
      const tx = db.transaction(['entries', 'scans'], 'readwrite');
      await tx.objectStore('entries').put(entry);
      await tx.objectStore('scans').put(scan);
      await tx.done;
    },
    pendingScans: (limit) => db.getAllFromIndex('scans', 'sent', 0, limit),
    allScans: () => db.getAll('scans'),
    async markSent(results) {
      const tx = db.transaction('scans', 'readwrite');
      for (const r of results) {
        const scan = await tx.store.get(r.scanId);
        if (scan) await tx.store.put({ ...scan, sent: 1, result: r.result, message: r.message });
      }
      await tx.done;
    },
    close: () => db.close(),
    async destroy() { db.close(); await deleteDB(dbName(eventId)); },
  };
}
