/**
 * A web ReadableStream over synchronous chunks, pulled by the reader (a Node stream converted with Readable.toWeb
 * ran at a quarter of the speed and crashed the server when a client hung up): a chunk is produced only when the
 * client is ready for it, so a slow client slows the query instead of filling memory, and a client
 * that hangs up cancels the stream, which closes the chunk generator (and with it the database iterator).
 */
export function readableFromChunks(
  chunks: Iterator<string | Uint8Array, void, undefined>,
  onClose: () => void,
): ReadableStream<Uint8Array> {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    try {
      chunks.return?.();
    } finally {
      onClose();
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          for (;;) {
            const next = chunks.next();
            if (next.done) {
              finish();
              controller.close();
              return;
            }
            const value = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
            if (value.byteLength > 0) {
              controller.enqueue(value);
              return;
            }
          }
        } catch (error) {
          finish();
          controller.error(error);
        }
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * Runs the generator up to its first real chunk now (past a byte-order mark), so that a query that cannot even be
 * prepared fails the request with a JSON 500 and a reference, instead of a download cut off after its headers. The
 * returned iterator yields the chunks read ahead first.
 */
export function startChunks<T extends string | Uint8Array>(
  chunks: Iterator<T, void, undefined>,
): Iterator<T, void, undefined> {
  const ahead: IteratorResult<T, void>[] = [];
  for (;;) {
    const next = chunks.next();
    ahead.push(next);
    if (next.done || next.value.length > 1) break;
  }
  return {
    next() {
      return ahead.shift() ?? chunks.next();
    },
    return() {
      ahead.length = 0;
      return chunks.return?.() ?? { done: true, value: undefined };
    },
  };
}
