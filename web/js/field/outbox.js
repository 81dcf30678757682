// Sending the outbox: each change with its Idempotency-Key and the version it was made on (If-Match), oldest first. What
// the server refuses waits for review, never lost; without network or without a session the rest waits, in order.
import { patchJson, ApiError } from '../api.js';
import { all, put, remove } from './store.js';

/**
 * Sends the queued changes; the answers update the pack's households and sites (their new versions, which the next
 * change on them names).
 * @returns whether the queue moved (something sent or refused)
 */
export async function sendQueued(pack) {
  const queued = (await all('outbox')).sort((a, b) => a.queued_at.localeCompare(b.queued_at));
  let moved = false;
  for (const change of queued) {
    try {
      const target = change.url || `/api/households/${change.household}`;
      const { data: answer, etag } = await patchJson(target, change.body,
        { withEtag: true, headers: { 'Idempotency-Key': change.key, ...(change.if_match ? { 'If-Match': change.if_match } : {}) } });
      await remove('outbox', change.key);
      moved = true;
      // changes made on the phone one after another on the same household or site: the next rides on this one's version
      for (const later of queued) {
        if (later !== change && (later.url || `/api/households/${later.household}`) === target && later.if_match === change.if_match) {
          later.if_match = etag;
          await put('outbox', later);
        }
      }
      // the version the change made is what the next change on it names (a replay names it too)
      if (change.site) {
        const s = pack && pack.sites.find((x) => x.id === change.site);
        if (s) {
          Object.assign(s, { is_open: answer.is_open, occupancy: answer.occupancy, reserved: answer.reserved, etag });
        }
      } else {
        const h = pack && pack.households.find((x) => x.id === change.household);
        if (h) {
          Object.assign(h, { status: answer.status, site_id: answer.site_id, etag });
        }
      }
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || (e.status === 403 && /CSRF/.test(e.message)))) {
        break; // not signed in (a session that lapsed, a token not yet fetched): the change waits for the officer, not refused
      }
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        // refused: kept for the officer to review and resend or drop
        await remove('outbox', change.key);
        await put('review', { ...change, status: e.status, reason: e.message });
        moved = true;
      } else {
        break; // no network yet: the rest waits, in order
      }
    }
  }
  return moved;
}
