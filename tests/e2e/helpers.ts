import { seedMonuments } from '../../db/seed/data';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import Database from 'better-sqlite3';

export const baseUrl = () => inject('baseUrl');

/** A read-only look at the server's database, to assert rows a user's action produced (or did not). */
export function readDatabase() {
  return new Database(inject('databasePath'), { readonly: true, fileMustExist: true });
}

/** One row of the shared server's database, read on a connection of its own (closed at once). */
export function readRow<T>(sql: string, ...params: unknown[]): T {
  const db = readDatabase();
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Debian's Chromium driven by playwright-core (`npx playwright install` cannot download a browser here). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (see README).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = fs.readFileSync(path.join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core (WCAG 2.x A and AA rules) in the page and returns its violations. */
export async function axeViolations(page: Page, exclude: string[] = []) {
  // Evaluated through the DevTools protocol, not added as a <script>: the pages' Content-Security-Policy rightly
  // refuses inline scripts it does not name (by nonce or hash).
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (exclude) => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(
      exclude.length ? { include: [document], exclude: exclude.map((e) => [e]) } : document,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      },
    );
    return (result.violations as { id: string; help: string; nodes: { target: string[] }[] }[]).map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, exclude);
}

export const ARTIFACTS_DIR = path.join(process.cwd(), 'test-results');

/**
 * Other test files add monuments to the shared server's database, and a search also finds monuments through their
 * reports' words: checks of search results that name the demo data keep to the demo data's monuments.
 */
const demoNames = new Set(seedMonuments.flatMap((m) => [m.name, m.nameAr ?? '', m.slug]));
export const demoOnly = (names: string[]) => names.filter((n) => demoNames.has(n));
