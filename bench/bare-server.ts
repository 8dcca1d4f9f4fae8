/**
 * The ceiling for a dynamic lookup: node:http + better-sqlite3 running the same queries as the app (db/queries),
 * without Next. `tsx bench/bare-server.ts DB PORT`. Answers:
 * - `/monuments/SLUG`: one monument with its reports as JSON;
 * - `/api/v1/monuments?…`: a search, parsed and run as GET /api/v1/monuments does (the same SQL: the page of
 *   matches, where each matched, and "did you mean" when few), as plain JSON (bench/search.ts compares the two).
 */
import http from 'node:http';
import { openDatabase, setSharedDatabase } from '../db/index';
import { getMonumentBySlug } from '../db/queries/monuments';
import { listPublishedReportsForMonument } from '../db/queries/reports';
import { didYouMean, searchMatches, searchMonuments } from '../db/queries/search';
import { parseFilters } from '../lib/filters';
import { effectiveSort, parsePaging, parseSort } from '../lib/search-params';

const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: tsx bench/bare-server.ts DB PORT');
const db = openDatabase(file, { readonly: true });
setSharedDatabase(db);

function search(params: URLSearchParams): { status: number; body: unknown } {
  const filters = parseFilters(params);
  const paging = parsePaging(params, { defaultPerPage: 20, allowPerPage: true });
  const sort = parseSort(params);
  if (!filters.ok || !paging.ok || !sort.ok) return { status: 400, body: { error: 'bad parameters' } };
  const f = filters.value;
  const result = searchMonuments(db, f, { sort: effectiveSort(sort.value, f.q), ...paging.value });
  const matches = f.q
    ? searchMatches(
        db,
        f.q,
        result.rows.map((r) => r.id),
      )
    : null;
  return {
    status: 200,
    body: {
      data: result.rows.map((r) => ({ ...r, match: matches?.get(r.id) ?? null })),
      meta: { total: result.total, did_you_mean: f.q ? didYouMean(db, f, result.total) : null },
    },
  };
}

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare');
    if (url.pathname === '/api/v1/monuments') {
      const { status, body } = search(url.searchParams);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    const slug = decodeURIComponent(url.pathname.replace(/^\/monuments\//, ''));
    const monument = getMonumentBySlug(db, slug);
    if (!monument) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.stringify({ ...monument, reports: listPublishedReportsForMonument(db, monument.id) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  })
  .listen(Number(port), '127.0.0.1', () => console.log(`bare server on ${port}`));
