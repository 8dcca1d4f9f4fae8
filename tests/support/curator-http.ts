/**
 * A curator's session over plain HTTP against any server (tests and benchmarks): sign in as next-auth's client
 * does, and send the curator forms the way a browser without JavaScript does (multipart POST of the page's form,
 * with the hidden fields Next renders for its server action). A saved form answers 303 with the next page.
 */

/** The session cookie after signing in with next-auth's CSRF token and the credentials callback. */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!;
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), ...headers },
    body: new URLSearchParams({ email, password, csrfToken, json: 'true', callbackUrl: '/admin' }),
  });
  keep(res);
  await res.text();
  if (![...jar.keys()].some((k) => k.includes('session-token')))
    throw new Error(`sign-in as ${email} failed (${res.status})`);
  return cookie();
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The hidden fields of the page's form that has a field named `field` (the server action's id and bound state,
 * plus the form's own hidden fields such as locale, id and version).
 */
export function actionFormFields(html: string, field: string): Record<string, string> {
  for (const form of html.match(/<form\b[\s\S]*?<\/form>/g) ?? []) {
    if (!form.includes(`name="${field}"`) || !form.includes('$ACTION_')) continue;
    const fields: Record<string, string> = {};
    for (const input of form.match(/<input\b[^>]*type="hidden"[^>]*>/g) ?? []) {
      const name = /name="([^"]*)"/.exec(input)?.[1];
      if (name) fields[decode(name)] = decode(/value="([^"]*)"/.exec(input)?.[1] ?? '');
    }
    return fields;
  }
  throw new Error(`no server-action form with a "${field}" field on the page`);
}

export interface ActionAnswer {
  status: number;
  location: string | null;
  body: string;
}

/** Posts a form to `path` as a browser without JavaScript would (multipart/form-data, Origin of the site). */
export async function postForm(
  baseUrl: string,
  path: string,
  cookie: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<ActionAnswer> {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    body,
    headers: { cookie, origin: baseUrl, ...headers },
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** Opens a curator page and returns its action form's hidden fields merged with `values`, ready to post. */
export async function fillForm(
  baseUrl: string,
  path: string,
  cookie: string,
  field: string,
  values: Record<string, string>,
): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return { ...actionFormFields(await res.text(), field), ...values };
}

/**
 * Every field of the page's server-action form that has a field named `field`, with the value the page shows
 * (inputs, checked boxes, text areas, selected options): what a browser would post if the curator changed nothing.
 */
export function currentFormFields(html: string, field: string): Record<string, string> {
  for (const form of html.match(/<form\b[\s\S]*?<\/form>/g) ?? []) {
    if (!form.includes(`name="${field}"`) || !form.includes('$ACTION_')) continue;
    const fields: Record<string, string> = {};
    for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
      const name = /\bname="([^"]*)"/.exec(input)?.[1];
      const type = /\btype="([^"]*)"/.exec(input)?.[1] ?? 'text';
      if (
        !name ||
        ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(input)) ||
        type === 'submit' ||
        type === 'file'
      )
        continue;
      fields[decode(name)] = decode(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? (type === 'checkbox' ? 'on' : ''));
    }
    for (const m of form.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g))
      fields[decode(m[1]!)] = decode(m[2]!);
    for (const m of form.matchAll(/<select\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
      const selected =
        /<option\b[^>]*\bvalue="([^"]*)"[^>]*\bselected\b/.exec(m[2]!) ??
        /<option\b[^>]*\bselected\b[^>]*\bvalue="([^"]*)"/.exec(m[2]!);
      fields[decode(m[1]!)] = decode(selected?.[1] ?? /<option\b[^>]*\bvalue="([^"]*)"/.exec(m[2]!)?.[1] ?? '');
    }
    return fields;
  }
  throw new Error(`no server-action form with a "${field}" field on the page`);
}
