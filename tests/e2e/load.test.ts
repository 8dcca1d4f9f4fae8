import { describe, expect, it } from 'vitest';
import { loadRun } from '../support/load';

/**
 * The short load test (the full 30 s one is bench/load.ts): 32 readers of pages, search and the API and 4 curators
 * saving forms, at once, against a production server of its own.
 */
describe('32 readers and 4 writers at once', () => {
  it('get every answer right: no error, no SQLITE_BUSY, every acknowledged write kept', async () => {
    const result = await loadRun({ readers: 32, writers: 4, durationMs: 5000 });
    expect(result.readErrors).toEqual([]);
    expect(result.writes.errors).toEqual([]);
    expect(result.busy).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.writes.reports + result.writes.edits).toBeGreaterThan(10);
    for (const kind of ['monument page', 'site page', 'home', 'search page', 'API list', 'API record'])
      expect(result.byKind[kind]?.requests, kind).toBeGreaterThan(0);
  }, 120_000);
});
