/**
 * HTTP from a chosen loopback source address (127.0.0.2, 127.0.0.3…: Linux answers the whole 127/8), so that a test
 * has clients the server tells apart by their connection, as it does real ones, without any header.
 */
import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a new connection from `from` (a loopback source address). */
export function request(
  baseUrl: string,
  target: string,
  options: { from: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${target}`,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Signs in as next-auth's client does (CSRF token, then the credentials callback) from address `from`. Returns
 * next-auth's error code (null on success) and the cookies to send afterwards.
 */
export async function signIn(
  baseUrl: string,
  from: string,
  email: string,
  password: string,
  headers: () => Record<string, string> = () => ({}),
): Promise<{ error: string | null; cookie: string }> {
  const jar = new Map<string, string>();
  const keep = (a: Answer) => {
    for (const c of a.headers['set-cookie'] ?? []) {
      const pair = c.split(';')[0]!;
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await request(baseUrl, '/api/auth/csrf', { from, headers: headers() });
  keep(csrf);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const body = new URLSearchParams({ email, password, csrfToken, json: 'true', callbackUrl: '/admin' }).toString();
  const res = await request(baseUrl, '/api/auth/callback/credentials', {
    from,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      cookie: cookie(),
      ...headers(),
    },
    body,
  });
  keep(res);
  const url = (JSON.parse(res.body) as { url: string }).url;
  return { error: new URL(url).searchParams.get('error'), cookie: cookie() };
}
