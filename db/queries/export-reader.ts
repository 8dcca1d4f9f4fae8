/**
 * Rows of one export file read on a thread of their own (db/export-reader.worker.js): SQLite steps through the rows
 * there while the export formats the previous batch as CSV here, instead of one after the other on one thread.
 * Measured in bench/RESULTS.md (export).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { exportQuery, type ExportQueryOptions, type ExportSnapshot } from './export';
import type { Filters } from '../../lib/filters';
import type { ExportTableName } from '../../lib/export/columns';

/** Rows per message: large enough that posting costs little per row, small enough to start sending at once. */
const BATCH_ROWS = 256;
/** Batches the thread may read ahead of the formatting: bounds the memory a slow download can hold. */
const AHEAD = 4;

const WORKER_FILE = path.join(process.cwd(), 'db', 'export-reader.worker.js');

export interface RowBatches {
  /** The next batch of rows (stored values, as iterateExportRows gives them); null after the last. */
  next(): Promise<unknown[][] | null>;
  /** Stops the thread (its read transaction and connection end); safe to call twice. */
  close(): void;
}

type Message =
  | { type: 'rows'; rows: unknown[][]; done: boolean }
  | { type: 'moved' }
  | { type: 'error'; name: string; message: string; stack?: string };

/**
 * Starts reading an export file's rows on a thread. Resolves with the batches, or with null when the thread's own
 * snapshot would not show the same data as `snapshot` (a change was committed in between): the caller then reads
 * the rows from `snapshot` itself. Only for published data: drafts change without moving the public data's stamp.
 */
export function openRowReader(
  snapshot: ExportSnapshot,
  table: ExportTableName,
  filters: Filters,
  options: ExportQueryOptions,
): Promise<RowBatches | null> {
  if (options.reviewStates) throw new Error('openRowReader reads published data only');
  const { sql, params } = exportQuery(table, filters, options);
  const worker = new Worker(WORKER_FILE, {
    workerData: {
      file: snapshot.file,
      sql,
      params,
      version: snapshot.stateVersion,
      batchRows: BATCH_ROWS,
      ahead: AHEAD,
    },
  });
  const queue: unknown[][][] = [];
  let last = false;
  let failure: Error | null = null;
  let ended = false;
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const batches: RowBatches = {
    async next() {
      for (;;) {
        const rows = queue.shift();
        if (rows) {
          if (!last) worker.postMessage('more');
          return rows;
        }
        if (failure) throw failure;
        if (last || closed) return null;
        if (ended) throw new Error('the export reader stopped before the last row');
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close() {
      if (closed) return;
      closed = true;
      if (!ended) worker.postMessage('stop');
      notify();
    },
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (value: RowBatches | null, error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(value);
    };
    worker.on('message', (m: Message) => {
      if (m.type === 'moved') return settle(null);
      if (m.type === 'error') {
        // The thread's own error, as the export's log line names it (SqliteError, its message and stack).
        failure = Object.assign(new Error(m.message), { name: m.name, stack: m.stack ?? `${m.name}: ${m.message}` });
        settle(null, failure);
      } else {
        queue.push(m.rows);
        last ||= m.done;
        settle(batches);
      }
      notify();
    });
    worker.on('error', (error) => {
      failure = error;
      settle(null, error);
      notify();
    });
    worker.on('exit', () => {
      ended = true;
      settle(null, new Error('the export reader stopped before it started'));
      notify();
    });
  });
}
