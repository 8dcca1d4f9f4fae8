import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl } from './helpers';

export type CuratorKey = 'admin' | 'editor' | 'editor2' | 'contributor' | 'contributor2' | 'disposable' | 'throttled';
export const curator = (key: CuratorKey) => inject('curators')[key];

/** A unique suffix for records this run creates (the e2e database is shared by every e2e file). */
export const RUN = Date.now().toString(36);

/**
 * Opens a page and waits until the browser is idle (hydrated, prefetches done), as a person would before typing:
 * the tests then check what a save does, not races with the page's own background requests.
 */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

/** Signs in through the real sign-in form in a fresh browser context; the page ends on the dashboard. */
export async function login(
  browser: Browser,
  key: CuratorKey,
  options: { locale?: 'en' | 'ar'; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: options.width ?? 1200, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  // The app has no favicon yet; the browser's automatic request for it is not an error of these pages.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
      errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const prefix = options.locale === 'ar' ? '/ar' : '';
  await open(page, `${prefix}/login`);
  const c = curator(key);
  await page.getByLabel(options.locale === 'ar' ? 'البريد الإلكتروني' : 'Email').fill(c.email);
  await page.getByLabel(options.locale === 'ar' ? 'كلمة المرور' : 'Password', { exact: true }).fill(c.password);
  await page.getByRole('button', { name: options.locale === 'ar' ? 'تسجيل الدخول' : 'Sign in' }).click();
  await page.waitForURL(`**${prefix}/admin`);
  await page.waitForLoadState('networkidle');
  return { context, page, errors };
}

/**
 * Signs in over plain HTTP as next-auth's client does (CSRF token, then the credentials callback); `base`: a server
 * of the test's own instead of the shared one.
 */
export async function httpSignIn(email: string, password: string, ip?: string, base = baseUrl()) {
  const jar = new Map<string, string>();
  const bodies: string[] = [];
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const extra: Record<string, string> = ip ? { 'x-forwarded-for': ip } : {};
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: extra });
  keep(csrfRes);
  const csrfBody = await csrfRes.text();
  bodies.push(csrfBody);
  const { csrfToken } = JSON.parse(csrfBody) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), ...extra },
    body: new URLSearchParams({ email, password, csrfToken, json: 'true', callbackUrl: '/admin' }),
  });
  keep(res);
  const body = await res.text();
  bodies.push(body, JSON.stringify([...res.headers]));
  const url = (JSON.parse(body) as { url: string }).url;
  return { status: res.status, error: new URL(url).searchParams.get('error'), cookie: cookie(), bodies };
}

/** The rendered page as text (for assertions on what a reader sees). */
export async function pageText(path: string, cookie?: string) {
  const res = await fetch(`${baseUrl()}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/**
 * A site and a monument in it, made through the forms as an editor would (each test file makes its own: the e2e
 * database is shared, so tests edit only what they created). Returns their ids.
 */
export async function createSiteAndMonument(
  page: Page,
  site: { name: string; nameAr: string; countryCode: string },
  monument: { name: string; nameAr?: string; kind: string },
): Promise<{ siteId: number; monumentId: number }> {
  const idInUrl = () => Number(new URL(page.url()).pathname.split('/')[3]);
  await open(page, '/admin/sites/new');
  await page.locator('#f-name').fill(site.name);
  await page.locator('#f-nameAr').fill(site.nameAr);
  await page.locator('#f-countryCodes').fill(site.countryCode);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/sites\/\d+\/edit\?saved=created$/);
  const siteId = idInUrl();
  await open(page, `/admin/monuments/new?site=${siteId}`);
  await page.locator('#f-name').fill(monument.name);
  if (monument.nameAr) await page.locator('#f-nameAr').fill(monument.nameAr);
  await page.locator('#f-kind').selectOption(monument.kind);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/admin\/monuments\/\d+\/edit\?saved=created$/);
  return { siteId, monumentId: idInUrl() };
}
