/**
 * The ceiling for a dynamic lookup: node:http + better-sqlite3 answering one monument with its reports as JSON,
 * running the same queries as the app (db/queries), without Next. `tsx bench/bare-server.ts DB PORT`.
 */
import http from 'node:http';
import { openDatabase, setSharedDatabase } from '../db/index';
import { getMonumentBySlug } from '../db/queries/monuments';
import { listPublishedReportsForMonument } from '../db/queries/reports';

const [file, port] = process.argv.slice(2);
if (!file || !port) throw new Error('usage: tsx bench/bare-server.ts DB PORT');
const db = openDatabase(file, { readonly: true });
setSharedDatabase(db);

http
  .createServer((req, res) => {
    const slug = decodeURIComponent((req.url ?? '').replace(/^\/monuments\//, ''));
    const monument = getMonumentBySlug(db, slug);
    if (!monument) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.stringify({ ...monument, reports: listPublishedReportsForMonument(db, monument.id) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  })
  .listen(Number(port), '127.0.0.1', () => console.log(`bare server on ${port}`));
