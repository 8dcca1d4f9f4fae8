/**
 * Curators saving through the real HTTP form path, for bench/read-under-writes.ts: the same forms and the same report
 * payload as the load and crash tests' writers (tests/support/write-stream.ts, whose curator-http helpers this
 * reuses), but aimed at existing monuments that readers are reading, so that each save makes pages stale.
 *
 * A save is what a curator without JavaScript does: open the form page, then post it. Two saves in three add a
 * published report with a citation to the monument (`/admin/reports/new?monument=ID`; report, citation, status and
 * revision in one transaction); the third edits the monument's description in both languages
 * (`/admin/monuments/ID/edit`, every field of the form posted as a browser would). Each save carries a unique marker
 * (the report's summary, or the description) that readers look for, to check that no page is served stale after the
 * save was acknowledged. A save counts as acknowledged only when the 303 that follows a saved form arrived.
 */
import { currentFormFields, fillForm, postForm } from '../tests/support/curator-http';

export interface Save {
  monumentId: number;
  kind: 'report' | 'edit';
  marker: string;
  /** performance.now() when the curator began the save (opening the form). */
  startedAt: number;
  /** performance.now() when the acknowledgement arrived; null until then (or if it never did). */
  ackedAt: number | null;
  ms: number;
  /** Opening the form page, and the post, once acknowledged (ms). */
  formMs?: number;
  postMs?: number;
  reportId?: number;
}

/** How long the form page took to open and the post to be answered (ms): what the save cost, seen by the curator. */
export interface SaveTimes {
  formMs: number;
  postMs: number;
}
export type SaveOutcome = ({ ok: true; reportId?: number } | { ok: false; error: string }) & Partial<SaveTimes>;

/** Adds a published report with a citation to `monumentId`; its English and Arabic summaries carry `marker`. */
export async function addReport(
  base: string,
  cookie: string,
  monumentId: number,
  sourceId: number,
  marker: string,
  n: number,
): Promise<SaveOutcome> {
  const path = `/admin/reports/new?monument=${monumentId}`;
  const t0 = performance.now();
  const hidden = await fillForm(base, path, cookie, 'summary', {});
  const t1 = performance.now();
  const res = await postForm(base, path, cookie, {
    ...hidden,
    monumentId: String(monumentId),
    eventDate: `2024-${String((n % 12) + 1).padStart(2, '0')}`,
    eventDateEnd: '',
    reportedDate: '',
    damageLevel: 'moderate_damage',
    cause: 'shelling_airstrike',
    reportedActor: '',
    summary: `Report ${marker}`,
    summaryAr: `تقرير ${marker}`,
    certainty: 'medium',
    verificationStatus: 'unverified',
    publish: 'on',
    'citations.0.mode': 'existing',
    'citations.0.sourceId': String(sourceId),
    'citations.0.stance': 'supports',
    'citations.0.quote': '',
  });
  const times = { formMs: t1 - t0, postMs: performance.now() - t1 };
  const id = /\/admin\/reports\/(\d+)\/edit\?saved=published/.exec(res.location ?? '')?.[1];
  if (res.status === 303 && id) return { ok: true, reportId: Number(id), ...times };
  return {
    ok: false,
    error: `report on monument ${monumentId}: ${res.status} ${res.location ?? ''} ${res.body.slice(0, 200)}`,
  };
}

/** Edits `monumentId`'s description in both languages to carry `marker`, posting every other field as the form shows it. */
export async function editDescription(
  base: string,
  cookie: string,
  monumentId: number,
  marker: string,
): Promise<SaveOutcome> {
  const path = `/admin/monuments/${monumentId}/edit`;
  const t0 = performance.now();
  const page = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
  if (page.status !== 200) return { ok: false, error: `GET ${path}: ${page.status}` };
  const fields = currentFormFields(await page.text(), 'description');
  const t1 = performance.now();
  const res = await postForm(base, path, cookie, {
    ...fields,
    description: `Described ${marker}`,
    descriptionAr: `وصف ${marker}`,
  });
  const times = { formMs: t1 - t0, postMs: performance.now() - t1 };
  if (res.status === 303 && /saved=1/.test(res.location ?? '')) return { ok: true, ...times };
  return {
    ok: false,
    error: `edit of monument ${monumentId}: ${res.status} ${res.location ?? ''} ${res.body.slice(0, 200)}`,
  };
}
