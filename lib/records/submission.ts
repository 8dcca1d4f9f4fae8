/**
 * Public submissions ("Send evidence or a correction"): anyone, without an account, sends what happened, when, where
 * and links to the evidence. A submission is its own record type, never public: it waits in the editors' review
 * queue until an editor turns it into a draft report (which then goes through the report rules like any other) or
 * dismisses it. Spam defences need no third-party service: a honeypot field, a minimum time between opening the
 * form and sending it (a timestamp signed with the app secret), size limits, at most MAX_LINKS links, and an hourly
 * limit per client address (counted in the database under a keyed hash of the address, never the address itself).
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import { transaction, type Db } from '../../db/index';
import { getMonumentBySlug } from '../../db/queries/monuments';
import { insertSource } from '../../db/queries/sources';
import {
  closeSubmission,
  countSubmissionsSince,
  findLiveSourceByUrl,
  getSubmission,
  insertSubmission,
} from '../../db/queries/submissions';
import { config } from '../config';
import { parseEventDate, type EventDate } from '../dates';
import { addError, issuesToFieldErrors, type FieldErrors } from '../forms';
import { clientIpFromHeaders } from '../http/client-ip';
import { authSecret } from '../auth/secret';
import { checkbox, optionalText } from '../inputs/fields';
import type { SourceType } from '../vocab';
import type { Curator } from './module';
import { reportFormValues, reportRecord } from './report';

/** More links than one account of an event needs; a longer list is refused (it also bounds what an editor reads). */
export const MAX_LINKS = 10;
export const MAX_LINK_LENGTH = 2000;
export const MAX_BODY = 5000;
export const MIN_BODY = 10;
/** A form older than this is refused as expired (a new one is given in its place). */
const FORM_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** The honeypot: a field people never see (hidden), which form-filling robots fill in. */
export const HONEYPOT_FIELD = 'website';

/** The form's fields in the order they are shown: field errors are listed in this order. */
export const SUBMISSION_FIELDS = ['place', 'body', 'eventDate', 'links', 'filesLater', 'contact'] as const;

const SubmissionInput = z.object({
  place: optionalText(300),
  body: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const problem = !v ? 'required' : v.length < MIN_BODY ? 'tooShort' : v.length > MAX_BODY ? 'tooLong' : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      return v;
    }),
  links: z.string().max(MAX_LINKS * (MAX_LINK_LENGTH + 2), 'tooLong'),
  filesLater: checkbox,
  contact: optionalText(300),
});

export type SubmissionData = {
  monumentSlug: string | null;
  place: string | null;
  body: string;
  links: string[];
  filesLater: boolean;
  contact: string | null;
} & EventDate;

const hmac = (purpose: string, value: string) =>
  crypto.createHmac('sha256', authSecret()).update(`${purpose}:${value}`).digest('base64url');

/** The hidden `started` field: when the form was made, signed so that a robot cannot backdate it. */
export function signFormTime(now = Date.now()): string {
  return `${now}.${hmac('submission-form', String(now))}`;
}

/** Whether a `started` value is genuine, and if so whether the form was open long enough and is not too old. */
export function checkFormTime(token: string, now = Date.now()): 'ok' | 'tooFast' | 'expired' {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!m) return 'expired';
  const expected = Buffer.from(hmac('submission-form', m[1]!));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'expired';
  const age = now - Number(m[1]);
  if (age < -60_000 || age > FORM_MAX_AGE_MS) return 'expired';
  return age < config().SUBMIT_MIN_FILL_SECONDS * 1000 ? 'tooFast' : 'ok';
}

/** The sender's address as server.js computed it (TRUST_PROXY), as a keyed hash: the hourly limit counts by it. */
export function submissionClientKey(headers: Record<string, string | string[] | undefined>): string {
  return hmac('submission-client', clientIpFromHeaders(headers, config().TRUST_PROXY)).slice(0, 32);
}

/** The links typed one per line (or separated by spaces), each an http(s) address; duplicates are dropped. */
function parseLinks(raw: string, errors: FieldErrors): string[] {
  const links: string[] = [];
  for (const candidate of raw.split(/\s+/).filter(Boolean)) {
    let ok = candidate.length <= MAX_LINK_LENGTH && /^https?:\/\//i.test(candidate);
    if (ok) {
      try {
        ok = !!new URL(candidate).hostname;
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      addError(errors, 'links', 'invalidLink');
      continue;
    }
    if (!links.includes(candidate)) links.push(candidate);
  }
  if (links.length > MAX_LINKS) addError(errors, 'links', 'tooManyLinks');
  return links;
}

/** Validates the form; errors come back keyed by field, in the order of SUBMISSION_FIELDS. */
export function parseSubmissionForm(
  values: Record<string, string>,
): { ok: true; data: SubmissionData } | { ok: false; fieldErrors: FieldErrors } {
  const raw = Object.fromEntries(Object.keys(SubmissionInput.shape).map((k) => [k, values[k] ?? '']));
  const parsed = SubmissionInput.safeParse(raw);
  const errors: FieldErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
  const monumentSlug = (values.monument ?? '').trim() || null;
  // Checked on the raw values, so that every problem is listed at once, not only once the rest is valid.
  if (!monumentSlug && !(values.place ?? '').trim()) addError(errors, 'place', 'placeRequired');
  const date = parseEventDate(values.eventDate ?? '', '', false);
  if (!date.ok) addError(errors, 'eventDate', date.code);
  const links = parseLinks(values.links ?? '', errors);
  if (links.length === 0 && !checkbox.parse(values.filesLater ?? '') && !errors.links)
    addError(errors, 'links', 'linkOrFilesLater');
  if (!parsed.success || !date.ok || Object.keys(errors).length) return { ok: false, fieldErrors: inFormOrder(errors) };
  return { ok: true, data: { monumentSlug, ...parsed.data, ...date.value, links } };
}

function inFormOrder(errors: FieldErrors): FieldErrors {
  const order = (k: string) => {
    const i = (SUBMISSION_FIELDS as readonly string[]).indexOf(k);
    return i === -1 ? SUBMISSION_FIELDS.length : i;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => order(a) - order(b)));
}

export type SubmitOutcome =
  | { kind: 'received'; id: number }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  /** Refused as a whole: nothing is stored. `started` is a fresh form time when the old one was not usable. */
  | { kind: 'refused'; message: 'spam' | 'tooFast' | 'expired' | 'rateLimited' | 'unknownMonument'; started?: string };

/**
 * Checks and stores one submission. The cheap refusals come first (honeypot, form time); the hourly limit is
 * counted inside the transaction that stores it, so two posts at once cannot both slip under it.
 */
export function submitEvidence(
  values: Record<string, string>,
  client: { key: string; locale: 'en' | 'ar' },
  now = Date.now(),
): SubmitOutcome {
  if ((values[HONEYPOT_FIELD] ?? '') !== '') return { kind: 'refused', message: 'spam' };
  const time = checkFormTime(values.started ?? '', now);
  if (time === 'expired') return { kind: 'refused', message: 'expired', started: signFormTime(now) };
  if (time === 'tooFast') return { kind: 'refused', message: 'tooFast' };
  const parsed = parseSubmissionForm(values);
  if (!parsed.ok) return { kind: 'invalid', fieldErrors: parsed.fieldErrors };
  const { monumentSlug, ...data } = parsed.data;
  return transaction((tx): SubmitOutcome => {
    let monumentId: number | null = null;
    if (monumentSlug) {
      const monument = getMonumentBySlug(tx, monumentSlug);
      if (!monument || monument.site.deletedAt) return { kind: 'refused', message: 'unknownMonument' };
      monumentId = monument.id;
    }
    const perHour = config().RATE_LIMIT_SUBMIT_PER_HOUR;
    const since = new Date(now - 60 * 60 * 1000).toISOString();
    if (perHour > 0 && countSubmissionsSince(tx, client.key, since) >= perHour)
      return { kind: 'refused', message: 'rateLimited' };
    const row = insertSubmission(tx, { ...data, monumentId, locale: client.locale, clientKey: client.key });
    return { kind: 'received', id: row.id };
  });
}

const SOCIAL_HOSTS =
  /(^|\.)(x\.com|twitter\.com|facebook\.com|fb\.watch|instagram\.com|t\.me|telegram\.me|youtube\.com|youtu\.be|tiktok\.com)$/i;

/** A new source for a link nobody recorded yet: titled by its address until an editor gives it a real title. */
function sourceForLink(url: string): { title: string; publisher: string; url: string; sourceType: SourceType } {
  const u = new URL(url);
  const host = u.hostname.replace(/^www\./, '');
  const title = `${host}${u.pathname === '/' ? '' : u.pathname}`.slice(0, 200);
  return { title, publisher: host, url, sourceType: SOCIAL_HOSTS.test(host) ? 'social_media' : 'news' };
}

export type ReviewOutcome = { ok: true; reportId?: number } | { ok: false; reason: string };

/**
 * Turns a waiting submission into a draft report in one step: its monument (or the one the editor names, for a
 * place not yet listed), its date, its text as the summary, and each link cited as supporting (a source already
 * recorded at that address, else a new one). The draft goes through the report's own form rules; its damage level
 * ("unknown"), certainty ("low") and verification ("unverified") wait for the editor. Call inside a transaction.
 */
export function convertSubmission(tx: Db, id: number, editor: Curator, monumentSlug: string | null): ReviewOutcome {
  const submission = getSubmission(tx, id);
  if (!submission) return { ok: false, reason: 'notFound' };
  if (submission.state !== 'new') return { ok: false, reason: 'alreadyReviewed' };
  let monumentId = submission.monumentId;
  if (monumentSlug) {
    const monument = getMonumentBySlug(tx, monumentSlug);
    if (!monument) return { ok: false, reason: 'unknownMonument' };
    monumentId = monument.id;
  }
  if (!monumentId) return { ok: false, reason: 'needsMonument' };
  const actor = { userId: editor.id };
  const sourceIds = submission.links.map(
    (url) => findLiveSourceByUrl(tx, url)?.id ?? insertSource(tx, sourceForLink(url), actor).id,
  );
  const values = reportFormValues({
    monumentId,
    eventDate: submission.eventDate,
    eventDateEnd: submission.eventDateEnd,
    eventDatePrecision: submission.eventDatePrecision,
    damageLevel: 'unknown',
    summary: submission.body,
    certainty: 'low',
    verificationStatus: 'unverified',
    reviewState: 'draft',
    citations: [...new Set(sourceIds)].map((sourceId) => ({ sourceId, stance: 'supports', quote: null })),
  });
  const parsed = reportRecord.parseForm(values);
  if (!parsed.ok) throw new Error(`a submission did not make a valid draft: ${JSON.stringify(parsed.fieldErrors)}`);
  const refused = reportRecord.referenceErrors(tx, parsed.data);
  if (Object.keys(refused).length) return { ok: false, reason: 'unknownMonument' };
  const { id: reportId } = reportRecord.create(tx, { ...parsed.data, publish: false }, editor);
  if (!closeSubmission(tx, id, 'converted', editor.id, null, reportId)) throw new Error('submission closed twice');
  return { ok: true, reportId };
}

/** Dismisses a waiting submission with the editor's note (kept in its audit trail). Call inside a transaction. */
export function dismissSubmission(tx: Db, id: number, editor: Curator, note: string): ReviewOutcome {
  const submission = getSubmission(tx, id);
  if (!submission) return { ok: false, reason: 'notFound' };
  if (!closeSubmission(tx, id, 'dismissed', editor.id, note, null)) return { ok: false, reason: 'alreadyReviewed' };
  return { ok: true };
}
