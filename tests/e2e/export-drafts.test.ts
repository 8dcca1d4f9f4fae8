import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { inject, describe, expect, it } from 'vitest';
import { baseUrl } from './helpers';
import { curator, httpSignIn, RUN } from './curator-helpers';

/** A draft report written straight into the server's database (the e2e database is a real file in WAL mode). */
function insertDraft(summary: string) {
  const db = new Database(inject('databasePath'));
  try {
    const { id } = db.prepare("SELECT id FROM monuments WHERE slug = 'temple-of-bel'").get() as { id: number };
    db.prepare(
      "INSERT INTO reports (monument_id, damage_level, certainty, summary, review_state) VALUES (?, 'moderate_damage', 'low', ?, 'draft')",
    ).run(id, summary);
  } finally {
    db.close();
  }
}

const summaries = async (cookie?: string) => {
  const res = await fetch(`${baseUrl()}/export/reports.csv?include=drafts`, { headers: cookie ? { cookie } : {} });
  const text = await res.text();
  return {
    status: res.status,
    rows: res.status === 200 ? (parse(text, { columns: true }) as Record<string, string>[]) : [],
  };
};

describe('draft reports in exports', () => {
  const summary = `Unreviewed claim ${RUN}`;

  it('are exported only to a signed-in editor or admin who asks for them', async () => {
    insertDraft(summary);
    expect((await summaries()).status).toBe(403);

    const contributor = await httpSignIn(curator('contributor').email, curator('contributor').password);
    expect((await summaries(contributor.cookie)).status).toBe(403);

    const editor = await httpSignIn(curator('editor').email, curator('editor').password);
    const asEditor = await summaries(editor.cookie);
    expect(asEditor.status).toBe(200);
    const draft = asEditor.rows.find((r) => r.summary === summary);
    expect(draft?.review_state).toBe('draft');

    // Without asking, even an editor gets published data only.
    const plain = await fetch(`${baseUrl()}/export/reports.csv`, { headers: { cookie: editor.cookie } });
    expect(await plain.text()).not.toContain(summary);
  });
});
