/**
 * A ZIP archive written as it is read: each file is deflated chunk by chunk (fflate) and its bytes are handed on
 * at once, so memory stays at the compressor's window plus one batch of rows, whatever the size of the data.
 * (Sizes and CRCs go in data descriptors after each file; ZIP64 is not used, so each file must stay under 4 GiB.)
 */
import { Zip, ZipDeflate } from 'fflate';

export interface ZipEntry {
  name: string;
  /** Called when the entry's turn comes, so that each file's query only starts after the previous one ended. */
  chunks: () => Iterable<string | Uint8Array>;
}

const bytes = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);

export function* zipChunks(entries: Iterable<ZipEntry>, mtime: Date): Generator<Uint8Array, void, undefined> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else out.push(data);
  });
  const drain = (): Uint8Array | null => {
    if (failure) throw failure;
    if (out.length === 0) return null;
    const joined = out.length === 1 ? out[0]! : Buffer.concat(out);
    out.length = 0;
    return joined;
  };
  try {
    for (const entry of entries) {
      const file = new ZipDeflate(entry.name, { level: 6 });
      file.mtime = mtime;
      zip.add(file);
      for (const chunk of entry.chunks()) {
        file.push(bytes(chunk), false);
        const ready = drain();
        if (ready) yield ready;
      }
      file.push(new Uint8Array(0), true);
      const ready = drain();
      if (ready) yield ready;
    }
    zip.end();
    const rest = drain();
    if (rest) yield rest;
  } finally {
    zip.terminate();
  }
}
