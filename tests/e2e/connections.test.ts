/**
 * What the server answers at the edges of HTTP: methods a route does not take (405 with Allow, the security headers
 * and the JSON error shape), a server action without an Origin (403, not Next's 500), and — on servers of their own
 * with small limits — a body or headers that never finish (408, the connection closed), an upload's longer time
 * (scaled to its size), and the cap on connections per worker.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareDatabase, startServer, type TestServer } from '../support/server';
import { baseUrl, readDatabase } from './helpers';
import { RUN, curator, httpSignIn } from './curator-helpers';
import { actionFormFields } from '../support/curator-http';

describe('methods a route does not take', () => {
  it('are answered 405 with Allow, the security headers and the JSON error shape, on pages, the API and downloads', async () => {
    const cases: [string, string, string][] = [
      ['TRACE', '/api/v1/monuments', 'GET, HEAD, OPTIONS'],
      ['TRACE', '/monuments/temple-of-bel', 'GET, HEAD, POST, OPTIONS'],
      ['TRACE', '/ar/sites/palmyra', 'GET, HEAD, POST, OPTIONS'],
      ['TRACE', '/export/reports.csv', 'GET, HEAD, OPTIONS'],
      ['PUT', '/api/v1/sites/palmyra', 'GET, HEAD, OPTIONS'],
      ['DELETE', '/export/sites.csv', 'GET, HEAD, OPTIONS'],
      ['PATCH', '/', 'GET, HEAD, POST, OPTIONS'],
      ['PROPFIND', '/admin', 'GET, HEAD, POST, OPTIONS'],
      ['POST', '/api/health', 'GET, HEAD, OPTIONS'],
      ['GET', '/api/curator/imports', 'POST, OPTIONS'],
    ];
    for (const [method, pathname, allow] of cases) {
      const res = await rawRequest(baseUrl(), `${method} ${pathname} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const label = `${method} ${pathname}`;
      expect(res.status, label).toBe(405);
      expect(res.headers.allow, label).toBe(allow);
      expect(res.headers['x-content-type-options'], label).toBe('nosniff');
      expect(res.headers['x-frame-options'], label).toBe('DENY');
      expect(res.headers['content-security-policy'], label).toMatch(/^default-src 'none'/);
      expect(res.headers['cache-control'], label).toBe('no-store');
      expect(res.headers['content-type'], label).toBe('application/json');
      expect(JSON.parse(res.body), label).toEqual({
        error: { status: 405, message: expect.stringContaining(`does not answer ${method} requests`) },
      });
    }
    // CONNECT too (Node hands it over apart from other requests), and OPTIONS names what is allowed.
    const connect = await rawRequest(baseUrl(), 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n');
    expect(connect.status).toBe(405);
    expect(connect.headers['x-content-type-options']).toBe('nosniff');
    const options = await fetch(`${baseUrl()}/api/v1/monuments`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    // None of them is an error of the server.
    expect(fs.readFileSync(inject('serverLog'), 'utf8')).not.toMatch(/"method":"(TRACE|PROPFIND|CONNECT)"/);
  });
});

describe('a server action without an Origin header', () => {
  it('from a signed-in editor is refused with 403 (not a 500), and saves nothing', async () => {
    const { cookie } = await httpSignIn(curator('editor').email, curator('editor').password);
    const html = await (await fetch(`${baseUrl()}/admin/sources/new`, { headers: { cookie } })).text();
    const title = `No origin ${RUN}`;
    const fields: Record<string, string> = {
      ...actionFormFields(html, 'title'),
      title,
      sourceType: 'report',
      url: 'https://example.org/x',
    };
    const body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    const form = await fetch(`${baseUrl()}/admin/sources/new`, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: { cookie },
    });
    expect(form.status).toBe(403);
    expect(await form.text()).toContain('did not say which website sent it');
    const actionId = JSON.parse(fields['$ACTION_1:0'] ?? '{"id":"x"}').id as string;
    const called = await fetch(`${baseUrl()}/admin/sources/new`, {
      method: 'POST',
      headers: { cookie, 'next-action': actionId, 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]',
    });
    expect(called.status).toBe(403);
    const db = readDatabase();
    expect((db.prepare('SELECT count(*) AS n FROM sources WHERE title = ?').get(title) as { n: number }).n).toBe(0);
    db.close();
  });
});

describe('time limits and the connection cap, on servers of their own', () => {
  const admin = { email: 'admin@limits.test', password: `${crypto.randomBytes(12).toString('base64url')}-e2e` };
  let dir: string;
  let server: TestServer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-limits-'));
    prepareDatabase(path.join(dir, 'limits.db'), admin);
    server = await startServer({
      databasePath: path.join(dir, 'limits.db'),
      env: {
        HEADERS_TIMEOUT_SECONDS: '1',
        BODY_TIMEOUT_SECONDS: '1',
        UPLOAD_MIN_BYTES_PER_SECOND: String(1024 * 1024),
        MAX_CONNECTIONS_PER_WORKER: '4',
        KEEP_ALIVE_TIMEOUT_SECONDS: '30',
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a body that never finishes is cut at BODY_TIMEOUT_SECONDS with 408, and the connection closed', async () => {
    for (const pathname of ['/api/auth/callback/credentials', '/admin/sources/new']) {
      const started = Date.now();
      const res = await rawRequest(
        server.baseUrl,
        `POST ${pathname} HTTP/1.1\r\nHost: x\r\nOrigin: ${server.baseUrl}\r\n` +
          'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=',
      );
      const took = Date.now() - started;
      expect(res.status, pathname).toBe(408);
      expect(res.closed, pathname).toBe(true);
      expect(took, pathname).toBeGreaterThanOrEqual(900);
      expect(took, pathname).toBeLessThan(5000);
    }
  });

  it("an upload's body gets one more second per UPLOAD_MIN_BYTES_PER_SECOND of its size", async () => {
    const { cookie } = await httpSignIn(admin.email, admin.password, undefined, server.baseUrl);
    const started = Date.now();
    // 3 MiB at 1 MiB a second: 1 + 3 seconds.
    const res = await rawRequest(
      server.baseUrl,
      `POST /api/curator/imports?name=slow.csv HTTP/1.1\r\nHost: x\r\nOrigin: ${server.baseUrl}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: text/csv\r\nContent-Length: ${3 * 1024 * 1024}\r\n\r\nslug,name\n`,
    );
    const took = Date.now() - started;
    expect(res.status).toBe(408);
    expect(took).toBeGreaterThanOrEqual(3900);
    expect(took).toBeLessThan(9000);
    // Nothing of it is kept.
    const uploads = path.join(dir, 'import-uploads');
    await waitFor(() => !fs.existsSync(uploads) || fs.readdirSync(uploads).length === 0);
  });

  it('headers that never finish are cut at HEADERS_TIMEOUT_SECONDS', async () => {
    const started = Date.now();
    const res = await rawRequest(server.baseUrl, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(res.closed).toBe(true);
    expect(res.status === 408 || res.status === 0).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a worker holds at most MAX_CONNECTIONS_PER_WORKER connections; one more is closed until one ends', async () => {
    // Connections left open by other requests (this process's fetch keeps some) count too: open ours until one is
    // refused, then check that exactly the cap was open at that moment.
    const open: net.Socket[] = [];
    let refused: Awaited<ReturnType<typeof keepAliveRequest>> | undefined;
    for (let i = 0; i < 8 && !refused; i++) {
      const attempt = await keepAliveRequest(server.baseUrl);
      if (attempt.status === 200) open.push(attempt.socket);
      else refused = attempt;
    }
    expect(refused, 'a connection beyond the cap').toBeDefined();
    expect(refused!.status).toBe(0); // closed without an answer
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThanOrEqual(4);
    // Ending one makes room for another.
    open.pop()!.destroy();
    await waitFor(async () => (await keepAliveRequest(server.baseUrl)).status === 200);
    for (const s of open) s.destroy();
  });

  it('logged none of the clients above as an error of its own (Next reports an abandoned body a second after)', async () => {
    const requested = Date.now();
    // A request after all the others, answered once what they left behind has been printed or dropped.
    await waitFor(async () => (await fetch(`${server.baseUrl}/api/health`)).ok && Date.now() - requested > 1500);
    expect(server.log()).not.toMatch(/"level":"error"|Error: aborted/);
  });
});

/** Polls `condition` until it holds (10 s at most). */
async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  closed: boolean;
}

/** Sends `text` as it is on a new connection and reads until the server closes it (or 15 s pass). */
function rawRequest(base: string, text: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parse(data), closed });
    };
    const timer = setTimeout(() => done(false), 15_000);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (d) => {
      data += d.toString('utf8');
      // Enough of a complete answer on a connection kept open: do not wait for a close that will not come.
      const { headers, body } = parse(data);
      if (
        headers['content-length'] &&
        body.length >= Number(headers['content-length']) &&
        !/close/i.test(headers.connection ?? '')
      )
        done(false);
    });
    socket.on('error', () => {});
    socket.on('close', () => done(true));
  });
}

/** One GET on a new kept-alive connection: its status (0: closed without an answer) and the open socket. */
function keepAliveRequest(base: string): Promise<{ status: number; socket: net.Socket }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    let settled = false;
    const settle = (status: number) => {
      if (settled) return;
      settled = true;
      resolve({ status, socket });
    };
    socket.on('connect', () => socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n'));
    socket.on('data', (d) => {
      data += d.toString('utf8');
      const { status, headers, body } = parse(data);
      if (status && body.length >= Number(headers['content-length'] ?? Infinity)) settle(status);
      else if (status && /\r\n0\r\n\r\n$/.test(data)) settle(status);
    });
    socket.on('error', () => settle(0));
    socket.on('close', () => settle(0));
  });
}

function parse(data: string): { status: number; headers: Record<string, string>; body: string } {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), headers: {}, body: '' };
  const [first, ...lines] = data.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(first ?? '')?.[1] ?? 0), headers, body: data.slice(end + 4) };
}
