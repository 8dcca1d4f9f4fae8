/**
 * Bytes of an uploaded file → text, never silently mangled. UTF-8 (with or without a byte-order mark) is read as
 * is; a file that is not valid UTF-8 is read as Windows-1252 (what Excel writes as "CSV" on Western European
 * Windows) and the plan says so; a byte that is valid in neither, or in the encoding the user chose, is an error
 * naming its line. A file read as Windows-1252 that holds UTF-8 letters (a mixed file, or UTF-8 read as
 * Windows-1252 by choice) is refused, naming those lines: either reading would store "Ã©" for "é" somewhere.
 * UTF-16 with a byte-order mark (Excel's "Unicode text") is read too.
 */
import iconv from 'iconv-lite';
import type { Encoding, EncodingChoice, Notice, Problem } from './types';

export type Decoded =
  | {
      ok: true;
      text: string;
      /** The UTF-8 bytes after any byte-order mark, when the file is UTF-8: the parser reads them as they are. */
      utf8?: Uint8Array;
      encoding: Encoding;
      bom: boolean;
      notices: Notice[];
    }
  | { ok: false; problem: Problem };

/** Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

/** 1-based line of a byte offset (CRLF, LF and a lone CR each end a line). */
export function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence, or -1 when the whole input is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i; // a sequence cut off by the end of the file
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Lines holding a valid UTF-8 multi-byte sequence (a letter such as "é" written as C3 A9), at most `max` of them.
 * In a file read as Windows-1252 each such letter would be stored as two or three wrong ones ("Ã©").
 */
export function utf8SequenceLines(bytes: Uint8Array, max = 20): { lines: number[]; count: number } {
  const lines: number[] = [];
  let count = 0;
  let line = 1;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      continue;
    }
    if (b < 0xc2 || b > 0xf4) continue;
    const need = b <= 0xdf ? 1 : b <= 0xef ? 2 : 3;
    if (i + need >= n) continue;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) continue;
    if (lines[lines.length - 1] !== line) {
      count++;
      if (lines.length < max) lines.push(line);
    }
    i += need;
  }
  return { lines, count };
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

function fileProblem(code: string, line: number | null = null, values?: Problem['values']): Decoded {
  return { ok: false, problem: { row: null, line, column: null, code, values } };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
    return {
      ok: true,
      text,
      encoding,
      bom: true,
      notices: [{ code: 'utf16', values: { encoding: encoding.toUpperCase() } }],
    };
  } catch {
    return fileProblem('undecodableUtf16', null, { encoding: encoding.toUpperCase() });
  }
}

function decodeCp1252(bytes: Uint8Array): Decoded | null {
  for (let i = 0; i < bytes.length; i++) {
    if (CP1252_UNDEFINED.has(bytes[i]!))
      return fileProblem('undecodableCp1252', lineAtByte(bytes, i), { byte: hex(bytes[i]!) });
  }
  return null;
}

const listLines = (lines: number[], count: number) =>
  count > lines.length ? `${lines.join(', ')} …` : lines.join(', ');

/** A file that is not UTF-8 (first bad byte at `bad`) yet holds UTF-8 letters: refused, naming those lines. */
function mixedProblem(body: Uint8Array, bad: number): Decoded | null {
  const { lines, count } = utf8SequenceLines(body);
  if (count === 0) return null;
  return fileProblem('mixedEncoding', lines[0]!, {
    lines: listLines(lines, count),
    count,
    cp1252Line: lineAtByte(body, bad),
    byte: hex(body[bad]!),
  });
}

/**
 * Decodes a file's bytes. `choice` is what the user asked for ("auto" detects). A NUL byte, or the signature of a
 * spreadsheet workbook, means the file is not CSV text at all.
 */
export function decodeBytes(bytes: Uint8Array, choice: EncodingChoice = 'auto'): Decoded {
  if (bytes.length === 0) return fileProblem('emptyFile');
  if (startsWith(bytes, ZIP_SIGNATURE) || startsWith(bytes, OLE_SIGNATURE)) return fileProblem('workbook');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  const nul = bytes.indexOf(0);
  if (nul >= 0) return fileProblem('binary', lineAtByte(bytes, nul));

  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (bom || choice !== 'windows-1252') {
    const bad = firstInvalidUtf8(body);
    if (bad < 0) {
      const notices: Notice[] = bom && choice === 'windows-1252' ? [{ code: 'bomOverrides' }] : [];
      // The text only when asked for: the parser reads the bytes (a 25 MB file is a 50 MB string).
      return {
        ok: true,
        get text() {
          return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
        },
        utf8: body,
        encoding: 'utf-8',
        bom,
        notices,
      };
    }
    // A byte-order mark says UTF-8; so does a user who chose it: then an invalid byte is an error, not a hint.
    if (bom || choice === 'utf-8') {
      return fileProblem(bom ? 'invalidUtf8Bom' : 'invalidUtf8', lineAtByte(body, bad), { byte: hex(body[bad]!) });
    }
    const refused = decodeCp1252(body);
    if (refused) {
      const problem = (refused as { problem: Problem }).problem;
      return fileProblem('neitherUtf8NorCp1252', problem.line, {
        byte: problem.values!.byte!,
        utf8Line: lineAtByte(body, bad),
        utf8Byte: hex(body[bad]!),
      });
    }
    // Part UTF-8, part Windows-1252 (rows pasted from two sources): either reading spoils some letters.
    const mixed = mixedProblem(body, bad);
    if (mixed) return mixed;
    return {
      ok: true,
      text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'windows-1252'),
      encoding: 'windows-1252',
      bom: false,
      notices: [{ code: 'detectedCp1252', values: { line: lineAtByte(body, bad), byte: hex(body[bad]!) } }],
    };
  }
  // Valid UTF-8 with non-ASCII letters read as Windows-1252 turns "é" into "Ã©": refused, naming the lines.
  const invalid = firstInvalidUtf8(body);
  const looksUtf8 = invalid < 0 && body.some((b) => b >= 0x80);
  const refused = decodeCp1252(body);
  if (refused) {
    if (!looksUtf8) return refused;
    const problem = (refused as { problem: Problem }).problem;
    return fileProblem('undecodableCp1252Utf8', problem.line, problem.values);
  }
  if (looksUtf8) {
    const { lines, count } = utf8SequenceLines(body);
    return fileProblem('utf8ReadAsCp1252', lines[0] ?? null, { lines: listLines(lines, count), count });
  }
  const mixed = invalid >= 0 ? mixedProblem(body, invalid) : null;
  if (mixed) return mixed;
  return {
    ok: true,
    text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'windows-1252'),
    encoding: 'windows-1252',
    bom: false,
    notices: [],
  };
}
