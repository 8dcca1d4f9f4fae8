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
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>])`).exec(tag);
  return m ? decode(m[1] ?? '') : null;
};

/** The page's server-action form that has a field named `field`. */
function actionForm(html: string, field: string): string {
  const form = (html.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find(
    (f) => f.includes(`name="${field}"`) && f.includes('$ACTION_'),
  );
  if (!form) throw new Error(`no server-action form with a "${field}" field on the page`);
  return form;
}

/**
 * The hidden fields of the page's form that has a field named `field` (the server action's id and bound state,
 * plus the form's own hidden fields such as locale, id and version).
 */
export function actionFormFields(html: string, field: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of actionForm(html, field).match(/<input\b[^>]*type="hidden"[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[decode(name)] = decode(/value="([^"]*)"/.exec(input)?.[1] ?? '');
  }
  return fields;
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
 * Every field a browser would submit for the form of `html` that has a field named `field` (hidden and visible
 * inputs, checked boxes, selected options, textareas), without any submit button's value.
 */
export function currentFormFields(html: string, field: string): Record<string, string> {
  const form = actionForm(html, field);
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(
    /<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/g,
  )) {
    const tag = m[0];
    const open = /^<[^>]*>/.exec(tag)![0];
    const name = attr(open, 'name');
    if (!name || attr(open, 'disabled') !== null) continue;
    if (tag.startsWith('<input')) {
      const type = (attr(open, 'type') ?? 'text').toLowerCase();
      if (['submit', 'button', 'reset', 'file', 'image'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && attr(open, 'checked') === null) continue;
      fields[name] = attr(open, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '');
    } else if (tag.startsWith('<select')) {
      const options = [...tag.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)];
      const chosen = options.find((o) => attr(`<o${o[1]}>`, 'selected') !== null) ?? options[0];
      if (chosen) fields[name] = attr(`<o${chosen[1]}>`, 'value') ?? decode(chosen[2]!);
    } else {
      fields[name] = decode(tag.slice(open.length, -'</textarea>'.length)).replace(/^\r?\n/, '');
    }
  }
  return fields;
}
