import { describe, expect, it } from 'vitest';
import { crashRun } from '../support/crash';

/**
 * The short crash test (the full one is bench/crash.ts): its own production server, on its own database, under
 * four curators saving forms without pause, is killed with SIGKILL three times at random moments and started again.
 */
describe('a server killed while curators save', () => {
  it('keeps every acknowledged write with its revision, and an intact database', async () => {
    const result = await crashRun({ kills: 3, writers: 4, minGapMs: 1500, maxGapMs: 4000 });
    expect(result.integrity).toBe('ok');
    expect(result.problems).toEqual([]);
    expect(result.log.errors).toEqual([]);
    // Writes were acknowledged before, between and after the kills, and some were cut off by them.
    expect(result.log.reports.length).toBeGreaterThan(20);
    expect(result.log.edits.length).toBeGreaterThan(5);
    expect(result.log.unanswered).toBeGreaterThan(0);
    expect(result.restartMs).toHaveLength(3);
  }, 120_000);
});
