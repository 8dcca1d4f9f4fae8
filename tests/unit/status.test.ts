import { describe, expect, it } from 'vitest';
import { deriveStatus, type StatusInput } from '@/lib/status';

let nextId = 1;
const r = (o: Partial<StatusInput>): StatusInput => ({
  id: nextId++,
  damageLevel: 'destroyed',
  verificationStatus: 'confirmed',
  reviewState: 'published',
  eventDate: '2015-08-30',
  reportedDate: null,
  deletedAt: null,
  ...o,
});

describe('current status rule', () => {
  it('is unknown with no basis when there are no reports', () => {
    expect(deriveStatus([])).toEqual({ level: 'unknown', basis: 'none', reportId: null });
  });

  it('takes the most severe confirmed or corroborated report, even if a milder one is later', () => {
    const worst = r({ damageLevel: 'destroyed', verificationStatus: 'corroborated', eventDate: '2015-08-30' });
    const later = r({ damageLevel: 'moderate_damage', verificationStatus: 'confirmed', eventDate: '2017-01-01' });
    expect(deriveStatus([later, worst])).toEqual({ level: 'destroyed', basis: 'established', reportId: worst.id });
  });

  it('ignores retracted reports entirely, however severe', () => {
    const retracted = r({ damageLevel: 'destroyed', verificationStatus: 'retracted' });
    const confirmed = r({ damageLevel: 'possible_damage', verificationStatus: 'confirmed' });
    expect(deriveStatus([retracted, confirmed])).toMatchObject({
      level: 'possible_damage',
      basis: 'established',
      reportId: confirmed.id,
    });
    expect(deriveStatus([retracted])).toEqual({ level: 'unknown', basis: 'none', reportId: null });
  });

  it('does not let a disputed claim establish a status when an unverified report exists', () => {
    const disputed = r({ damageLevel: 'destroyed', verificationStatus: 'disputed', eventDate: '2016-03-01' });
    const unverified = r({ damageLevel: 'possible_damage', verificationStatus: 'unverified', eventDate: '2015-01-01' });
    expect(deriveStatus([disputed, unverified])).toMatchObject({
      level: 'possible_damage',
      basis: 'unverified',
      reportId: unverified.id,
    });
  });

  it('falls back to the latest disputed claim, marked disputed, when nothing else exists', () => {
    const older = r({ damageLevel: 'destroyed', verificationStatus: 'disputed', eventDate: '2015-01-01' });
    const newer = r({ damageLevel: 'possible_damage', verificationStatus: 'disputed', eventDate: '2016-03-01' });
    expect(deriveStatus([older, newer])).toEqual({ level: 'possible_damage', basis: 'disputed', reportId: newer.id });
  });

  it('with only unverified reports, uses the latest one (not the most severe), marked unverified', () => {
    const early = r({ damageLevel: 'destroyed', verificationStatus: 'unverified', eventDate: '2015-05-01' });
    const late = r({ damageLevel: 'severe_damage', verificationStatus: 'unverified', eventDate: '2015-09-01' });
    expect(deriveStatus([early, late])).toEqual({ level: 'severe_damage', basis: 'unverified', reportId: late.id });
  });

  it('ignores drafts, rejected and deleted reports', () => {
    const draft = r({ reviewState: 'draft' });
    const rejected = r({ reviewState: 'rejected' });
    const deleted = r({ deletedAt: '2020-01-01T00:00:00Z' });
    expect(deriveStatus([draft, rejected, deleted]).basis).toBe('none');
  });

  it('orders undated reports by date reported, then by entry order', () => {
    const a = r({
      verificationStatus: 'unverified',
      eventDate: null,
      reportedDate: '2016-01-01',
      damageLevel: 'moderate_damage',
    });
    const b = r({
      verificationStatus: 'unverified',
      eventDate: null,
      reportedDate: '2015-01-01',
      damageLevel: 'destroyed',
    });
    expect(deriveStatus([a, b]).reportId).toBe(a.id);
  });
});
