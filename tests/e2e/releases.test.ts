import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser } from './helpers';
import { login, pageText } from './curator-helpers';
import { unzipText } from '../support/export';
import { openDatabase, setSharedDatabase, transaction, type Db } from '@/db';
import { insertSite } from '@/db/queries/sites';

const run = promisify(execFile);
const CLI_VERSION = `e2e-cli.${Date.now()}`;
const WEB_VERSION = `e2e-web.${Date.now()}`;
let db: Db;
let browser: Browser;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl()}${path}`, { headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

/** `npm run release -- …` against the server's own database, as an operator would run it. */
function releaseCli(...args: string[]) {
  return run('npx', ['tsx', 'scripts/release.ts', ...args], {
    env: { ...process.env, DATABASE_URL: inject('databasePath'), PUBLIC_BASE_URL: baseUrl() },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

beforeAll(async () => {
  db = openDatabase(inject('databasePath'));
  setSharedDatabase(db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('dated releases on a running server', () => {
  it('npm run release -- --help explains the command', async () => {
    const help = await releaseCli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run release -- --version VERSION');
  });

  it('a release cut by the command line is the same bytes every time, immutable, and as_of at its time rebuilds it', async () => {
    const cut = await releaseCli('--version', CLI_VERSION);
    expect(cut.stderr).toBe('');
    expect(cut.code).toBe(0);
    const sha = /SHA-256: ([0-9a-f]{64})/.exec(cut.stdout)![1]!;
    const asOf = / cut at (\S+) /.exec(cut.stdout)![1]!;

    const first = await get(`/export/releases/${CLI_VERSION}/dataset.zip`);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('etag')).toBe(`"${sha}"`);
    expect(first.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(unzipText(first.body)['CITATION.cff']).toContain(`version: "${CLI_VERSION}"`);

    // Later edits leave the release as it was.
    transaction((tx) =>
      insertSite(
        tx,
        { slug: `e2e-after-release-${Date.now()}`, name: 'Added after the release', countryCodes: 'FR' },
        {
          agent: 'e2e',
        },
      ),
    );
    const again = await get(`/export/releases/${CLI_VERSION}/dataset.zip`);
    expect(again.body.equals(first.body)).toBe(true);
    expect((await get(`/export/releases/${CLI_VERSION}/dataset.zip`, { 'If-None-Match': `"${sha}"` })).res.status).toBe(
      304,
    );

    const rebuilt = await get(`/export/dataset.zip?as_of=${encodeURIComponent(asOf)}`);
    expect(rebuilt.res.status).toBe(200);
    expect(rebuilt.body.equals(first.body)).toBe(true);

    const duplicate = await releaseCli('--version', CLI_VERSION);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('exists already');
  });

  it('as_of that is not a time, or in the future, is a 400 problem naming as_of', async () => {
    for (const value of ['last-week', '2999-01-01T00:00:00Z']) {
      const { res, body } = await get(`/export/dataset.zip?as_of=${value}`);
      expect(res.status).toBe(400);
      expect(JSON.parse(body.toString('utf8')).error.parameter).toBe('as_of');
    }
  });

  it('/export/releases lists releases in English and Arabic; the API and monument pages name the latest', async () => {
    const en = await pageText('/export/releases');
    expect(en.status).toBe(200);
    expect(en.text).toContain('Dated releases of the dataset');
    expect(en.text).toContain(CLI_VERSION);
    const ar = await pageText('/ar/export/releases');
    expect(ar.status).toBe(200);
    expect(ar.text).toContain('الإصدارات المؤرَّخة لمجموعة البيانات');
    expect(ar.text).toContain(CLI_VERSION);
    const api = (await (await fetch(`${baseUrl()}/api/v1/monuments`)).json()) as {
      meta: { latest_release: { version: string } | null };
    };
    expect(api.meta.latest_release?.version).toMatch(/^e2e-/);
    // A kept monument page is renewed by the release (its change stamp), and cites it.
    const monument = await pageText('/monuments/temple-of-bel');
    expect(monument.text).toContain('Latest dataset release');
    expect(monument.text).toMatch(/\/export\/releases\/e2e-[a-z]+\.\d+\/dataset\.zip/);
  });

  it('an editor cuts a release with the button on /export; a taken version is refused with a clear message', async () => {
    const { context, page } = await login(browser, 'editor');
    try {
      await page.goto('/export');
      await page.getByText('For editors: cut a release').click();
      await page.getByLabel('Release version').fill(WEB_VERSION);
      await page.getByRole('button', { name: 'Cut the release' }).click();
      await page.getByText(`Release ${WEB_VERSION} was cut.`).waitFor();
      expect((await get(`/export/releases/${WEB_VERSION}/dataset.zip`)).res.status).toBe(200);

      await page.getByLabel('Release version').fill(WEB_VERSION);
      await page.getByRole('button', { name: 'Cut the release' }).click();
      await page.getByRole('alert').filter({ hasText: 'exists already' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
