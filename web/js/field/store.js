// What the field app keeps on the phone, in IndexedDB: the commune pack, the outbox of changes not sent yet, and the
// changes the server refused, for review. Everything of it goes at sign-out and after 12 hours unused (wipeField).
const DB = 'atlas-field';

function open() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => {
      r.result.createObjectStore('pack', { keyPath: 'commune_code' });
      r.result.createObjectStore('outbox', { keyPath: 'key' });
      r.result.createObjectStore('review', { keyPath: 'key' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function tx(store, mode, fn) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => resolve(result && 'result' in result ? result.result : result);
      t.onerror = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

export const all = (store) => tx(store, 'readonly', (s) => s.getAll());
export const put = (store, value) => tx(store, 'readwrite', (s) => s.put(value));
export const remove = (store, key) => tx(store, 'readwrite', (s) => s.delete(key));

/** Deletes everything the field app kept (at sign-out, and after 12 hours unused). */
export function wipeField() {
  return new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(DB);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
}

