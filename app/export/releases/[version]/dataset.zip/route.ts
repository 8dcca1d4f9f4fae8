import { getDb } from '@/db';
import { getRelease, releaseZip } from '@/db/queries/releases';
import { withErrorHandling } from '@/lib/http/route';
import { errorResponse } from '@/lib/http/problem';

export const dynamic = 'force-dynamic';

/** Header values must be ASCII (ByteString). */
const ascii = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : encodeURI(value));

/**
 * GET /export/releases/{version}/dataset.zip: the release's bytes exactly as cut, every time. Immutable: a cache may
 * keep it for ever, and its strong ETag is its SHA-256 (also in X-Content-SHA256).
 */
async function get(request: Request, { params }: { params: Promise<{ version: string }> }) {
  const { version } = await params;
  const release = getRelease(getDb(), version);
  if (!release) return errorResponse(404, 'No release with that version. See /export/releases for the list.');
  const etag = `"${release.sha256}"`;
  const headers = {
    ETag: etag,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-SHA256': release.sha256,
    'X-Dataset-Version': release.datasetVersion ?? 'unversioned',
    'X-Release-Version': release.version,
    'X-Data-Licence': ascii(release.licence),
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
  };
  const asked = request.headers.get('if-none-match');
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return new Response(null, { status: 304, headers });
  const zip = releaseZip(getDb(), version)!;
  return new Response(new Uint8Array(zip), {
    headers: {
      ...headers,
      'Content-Type': 'application/zip',
      'Content-Length': String(zip.length),
      'Content-Disposition': `attachment; filename="heritage-registry-dataset-${release.version}.zip"`,
      Link: `<${ascii(release.licenceUrl)}>; rel="license"`,
    },
  });
}

export const GET = withErrorHandling('/export/releases/[version]/dataset.zip', get);
