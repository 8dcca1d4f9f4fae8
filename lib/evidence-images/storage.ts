/**
 * Where evidence images live: EVIDENCE_DIR (default `evidence` next to the database file), never under public/, one
 * folder per image named by the SHA-256 of the uploaded file (`ab/abcdef…/page.webp`). A file is written under a
 * temporary name and renamed into place, so a reader never gets half a file; the same upload twice is stored once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { SHA256, type EvidenceFormat, type EvidenceVariant } from './kinds';
import type { VariantFile } from './process';

export function evidenceDir(): string {
  const c = config();
  if (c.EVIDENCE_DIR) return path.resolve(c.EVIDENCE_DIR);
  const url = c.DATABASE_URL.startsWith('file:') ? c.DATABASE_URL.slice('file:'.length) : c.DATABASE_URL;
  return path.join(path.dirname(path.resolve(url)), 'evidence');
}

export function imageFolder(sha256: string, root = evidenceDir()): string {
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
  return path.join(root, sha256.slice(0, 2), sha256);
}

export function variantPath(sha256: string, variant: EvidenceVariant, format: EvidenceFormat, root?: string): string {
  return path.join(imageFolder(sha256, root), `${variant}.${format}`);
}

/** The private copy an editor chose to keep: never served, only backed up. */
export function originalPath(sha256: string, root?: string): string {
  return path.join(imageFolder(sha256, root), 'original.private');
}

function writeAtomically(file: string, bytes: Uint8Array): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file);
}

/** Writes an image's variants (and its original when asked); returns the files newly written, to undo them. */
export function storeImage(sha256: string, variants: VariantFile[], original?: Uint8Array): string[] {
  const folder = imageFolder(sha256);
  fs.mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const v of variants) {
    const file = variantPath(sha256, v.variant, v.format);
    if (fs.existsSync(file)) continue;
    writeAtomically(file, v.bytes);
    written.push(file);
  }
  if (original) {
    const file = originalPath(sha256);
    if (!fs.existsSync(file)) {
      writeAtomically(file, original);
      written.push(file);
    }
  }
  return written;
}

/** Removes files written for an attachment that was then refused (its transaction rolled back). */
export function removeFiles(files: string[]): void {
  for (const f of files) fs.rmSync(f, { force: true });
  const folders = [...new Set(files.map((f) => path.dirname(f)))];
  for (const folder of folders) {
    try {
      fs.rmdirSync(folder); // only when empty: another row may use the same image
    } catch {
      /* not empty */
    }
  }
}

/**
 * Copies every image folder from one evidence folder into another, skipping files already there (names are content
 * hashes, so a file with the same name is the same file). For backups and restores. Returns the files copied.
 */
export function copyEvidenceTree(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let copied = 0;
  for (const prefix of fs.readdirSync(from)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const sha of fs.readdirSync(path.join(from, prefix))) {
      if (!SHA256.test(sha)) continue;
      const source = path.join(from, prefix, sha);
      const target = path.join(to, prefix, sha);
      fs.mkdirSync(target, { recursive: true });
      for (const name of fs.readdirSync(source)) {
        if (name.endsWith('.partial')) continue;
        const dest = path.join(target, name);
        if (fs.existsSync(dest)) continue;
        fs.copyFileSync(path.join(source, name), `${dest}.partial`);
        fs.renameSync(`${dest}.partial`, dest);
        copied++;
      }
    }
  }
  return copied;
}
