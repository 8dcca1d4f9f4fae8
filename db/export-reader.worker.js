// @ts-check
/**
 * A thread that reads the rows of one export file from its own read-only connection and posts them to the export in
 * batches, a few ahead of what the export has formatted: SQLite's stepping then runs beside the CSV writing instead
 * of before it. It reads only if its snapshot shows the same data version (`registry_state.version`) as the
 * export's own, so that the rows match the version the download names; otherwise it says so and stops.
 * Plain CommonJS, started by path (db/queries/export-reader.ts): it is not bundled with the app.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

/** @type {{ file: string, sql: string, params: unknown[], version: number, batchRows: number, ahead: number }} */
const job = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const db = new Database(job.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('mmap_size = 1073741824');
/** @type {IterableIterator<unknown[]> | null} */
let rows = null;
let credit = job.ahead;
let finished = false;

function finish() {
  if (finished) return;
  finished = true;
  try {
    rows?.return?.();
    if (db.inTransaction) db.exec('COMMIT');
  } finally {
    db.close();
    port.close();
  }
}

function pump() {
  while (!finished && credit > 0 && rows) {
    /** @type {unknown[][]} */
    const batch = [];
    let next = rows.next();
    while (!next.done) {
      batch.push(next.value);
      if (batch.length === job.batchRows) break;
      next = rows.next();
    }
    credit--;
    if (next.done) {
      port.postMessage({ type: 'rows', rows: batch, done: true });
      finish();
      return;
    }
    port.postMessage({ type: 'rows', rows: batch, done: false });
  }
}

port.on('message', (/** @type {'more' | 'stop'} */ message) => {
  if (message === 'stop') return finish();
  credit++;
  pump();
});

try {
  db.exec('BEGIN');
  const version = db.prepare('SELECT version FROM registry_state WHERE id = 1').pluck().get();
  if (version !== job.version) {
    port.postMessage({ type: 'moved' });
    finish();
  } else {
    rows = /** @type {IterableIterator<unknown[]>} */ (
      db
        .prepare(job.sql)
        .raw(true)
        .iterate(...job.params)
    );
    pump();
  }
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ type: 'error', name: e.name, message: e.message, stack: e.stack });
  finish();
}
