/**
 * Public submissions: the form's rules and spam checks, and that storing one touches nothing readers see (no change
 * stamp, no revision), on a real migrated SQLite file.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../setup/test-db';
import { getDb } from '@/db';
import { seedDatabase } from '@/db/seed';
import { checkFormTime, parseSubmissionForm, signFormTime, submitEvidence } from '@/lib/records/submission';

beforeEach(() => {
  freshDatabase();
  seedDatabase();
});

const valid = {
  monument: 'temple-of-bel',
  body: 'The cella was blown up; photos below.',
  eventDate: '2015-08-30',
  links: 'https://news.example.org/a\nhttps://news.example.org/a\nhttps://x.com/b',
  contact: 'someone@example.org',
};

describe('the submission form', () => {
  it('accepts a valid one: date precision, links without duplicates', () => {
    const parsed = parseSubmissionForm(valid);
    expect(parsed).toMatchObject({
      ok: true,
      data: {
        monumentSlug: 'temple-of-bel',
        eventDate: '2015-08-30',
        eventDatePrecision: 'day',
        links: ['https://news.example.org/a', 'https://x.com/b'],
        filesLater: false,
      },
    });
    expect(parseSubmissionForm({ ...valid, eventDate: '2015' })).toMatchObject({
      data: { eventDate: '2015-01-01', eventDatePrecision: 'year' },
    });
  });

  it('lists errors in the form’s order, and asks for a link or files later', () => {
    const parsed = parseSubmissionForm({
      body: 'x',
      eventDate: 'soon',
      links: 'javascript:alert(1)',
      contact: 'c'.repeat(301),
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fieldErrors)).toEqual(['place', 'body', 'eventDate', 'links', 'contact']);
    expect(parsed.fieldErrors.links).toEqual(['invalidLink']);
    const none = parseSubmissionForm({ ...valid, links: '' });
    expect(!none.ok && none.fieldErrors.links).toEqual(['linkOrFilesLater']);
    expect(parseSubmissionForm({ ...valid, links: '', filesLater: 'on' }).ok).toBe(true);
    const many = Array.from({ length: 11 }, (_, i) => `https://a.example/${i}`).join('\n');
    const tooMany = parseSubmissionForm({ ...valid, links: many });
    expect(!tooMany.ok && tooMany.fieldErrors.links).toEqual(['tooManyLinks']);
  });

  it('signs the time the form was made: too fast, forged and old forms are refused', () => {
    const now = Date.now();
    expect(checkFormTime(signFormTime(now - 10_000), now)).toBe('ok');
    expect(checkFormTime(signFormTime(now - 500), now)).toBe('tooFast');
    expect(checkFormTime(signFormTime(now - 2 * 24 * 3600_000), now)).toBe('expired');
    const [time, sig] = signFormTime(now - 10_000).split('.');
    expect(checkFormTime(`${Number(time) - 5000}.${sig}`, now)).toBe('expired');
    expect(checkFormTime('', now)).toBe('expired');
  });
});

describe('storing a submission', () => {
  const client = { key: 'k'.repeat(32), locale: 'en' as const };
  const state = () => {
    const c = getDb().$client;
    return {
      version: (c.prepare('SELECT version FROM registry_state').get() as { version: number }).version,
      scopes: (c.prepare('SELECT count(*) AS n FROM page_scopes').get() as { n: number }).n,
      revisions: (c.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n,
      submissions: (c.prepare('SELECT count(*) AS n FROM submissions').get() as { n: number }).n,
    };
  };

  it('stamps no page and writes no revision; refusals store nothing', () => {
    const before = state();
    const started = signFormTime(Date.now() - 10_000);
    expect(submitEvidence({ ...valid, started }, client)).toMatchObject({ kind: 'received' });
    expect(state()).toEqual({ ...before, submissions: before.submissions + 1 });
    expect(submitEvidence({ ...valid, started, website: 'spam' }, client)).toEqual({
      kind: 'refused',
      message: 'spam',
    });
    expect(submitEvidence({ ...valid, started: signFormTime() }, client)).toEqual({
      kind: 'refused',
      message: 'tooFast',
    });
    expect(submitEvidence({ ...valid, started, monument: 'nowhere' }, client)).toEqual({
      kind: 'refused',
      message: 'unknownMonument',
    });
    expect(state().submissions).toBe(before.submissions + 1);
  });
});
