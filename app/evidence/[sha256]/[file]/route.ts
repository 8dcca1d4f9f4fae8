import fs from 'node:fs';
import { getDb } from '@/db';
import { evidenceAccess } from '@/db/queries/evidence-images';
import { currentUser } from '@/lib/auth';
import { readScope } from '@/lib/auth/read-scope';
import { EVIDENCE_CONTENT_SECURITY_POLICY } from '@/lib/http-policy';
import { errorResponse } from '@/lib/http/problem';
import { withErrorHandling } from '@/lib/http/route';
import { FORMAT_TYPES, parseVariantFile, SHA256 } from '@/lib/evidence-images/kinds';
import { variantPath } from '@/lib/evidence-images/storage';

export const dynamic = 'force-dynamic';

/** A year: the address names the file's content (its hash and variant), so what it answers never changes. */
const PUBLIC_IMAGE_CACHE = 'public, max-age=31536000, immutable';

const notFound = () =>
  errorResponse(404, 'No such evidence image.', {
    headers: { 'Content-Security-Policy': EVIDENCE_CONTENT_SECURITY_POLICY },
  });

/**
 * One variant of an evidence image (/evidence/{sha256}/page.webp). Public when a published, live report shows it:
 * kept by any cache for a year. Otherwise only to a signed-in curator who may read one of its reports, never stored
 * (private, no-store); anyone else gets the same 404 as for an image that does not exist. The type is fixed by the
 * address, never sniffed; the image is served in a sandbox that runs and loads nothing.
 */
async function get(_request: Request, { params }: { params: Promise<{ sha256: string; file: string }> }) {
  const { sha256, file } = await params;
  const variant = parseVariantFile(file);
  if (!SHA256.test(sha256) || !variant) return notFound();
  const db = getDb();
  let access = evidenceAccess(db, sha256, null);
  if (access === 'none') {
    const user = await currentUser();
    if (user) access = evidenceAccess(db, sha256, readScope(user));
  }
  if (access === 'none') return notFound();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(variantPath(sha256, variant.variant, variant.format));
  } catch {
    return notFound();
  }
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'Content-Type': FORMAT_TYPES[variant.format],
      'Content-Length': String(bytes.length),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': EVIDENCE_CONTENT_SECURITY_POLICY,
      'Content-Disposition': `inline; filename="${sha256.slice(0, 12)}-${file}"`,
      'Cache-Control': access === 'public' ? PUBLIC_IMAGE_CACHE : 'private, no-store',
      ETag: `"${sha256}-${file}"`,
      ...(access === 'public' && { 'Access-Control-Allow-Origin': '*' }),
    },
  });
}

export const GET = withErrorHandling('/evidence/[sha256]/[file]', get);
