import { openExportSnapshot } from '@/db/queries/export';
import { config } from '@/lib/config';
import { canExportDrafts } from '@/lib/export/drafts-access';
import { contentType, downloadName, exportChunks, findExportFile } from '@/lib/export/files';
import { parseExportParams } from '@/lib/export/params';
import { openAsOf, releasedZipAt } from '@/lib/export/releases';
import { readableFromChunks, startChunks } from '@/lib/export/stream';
import { withErrorHandling } from '@/lib/http/route';
import { badParameters, errorResponse } from '@/lib/http/problem';
import { PRIVATE_CACHE_CONTROL, SHARED_CACHE_CONTROL } from '@/lib/routes';

// Every download reads the database at request time; nothing here is prerendered or cached.
export const dynamic = 'force-dynamic';

/** Header values must be ASCII (ByteString); a configured licence name with other characters is percent-encoded. */
const ascii = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : encodeURI(value));

/**
 * GET /export/{reports,monuments,sites,sources,report_sources}.csv, /export/monuments.geojson, /export/dataset.zip.
 * Filters as on the search page; `bom=1` for Excel; `include=drafts` for signed-in editors; `as_of=ISO-time` for the
 * dataset as it was then (docs/export.md). Streamed as read.
 */
async function get(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const file = findExportFile((await params).file);
  if (!file) return errorResponse(404, 'No such export. See /export for the list of files.');

  const parsed = parseExportParams(new URL(request.url).searchParams);
  if (!parsed.ok) return badParameters(parsed.errors);
  if (parsed.value.includeDrafts && !(await canExportDrafts(request))) {
    return errorResponse(403, 'Draft reports are exported only for a signed-in editor.', {
      parameters: { include: 'drafts requires a signed-in editor' },
    });
  }

  let { PUBLIC_BASE_URL, DATA_LICENCE, DATA_LICENCE_URL } = config();
  // as_of: the dataset rebuilt from the history; at a release's moment, with that release's own metadata.
  const { asOf } = parsed.value;
  const released = asOf && file.kind === 'zip' ? releasedZipAt(asOf) : undefined;
  if (released)
    return new Response(new Uint8Array(released.zip), {
      headers: {
        'Content-Type': contentType(file),
        'Content-Disposition': `attachment; filename="${downloadName(file, released.datasetVersion)}"`,
        'X-Dataset-Version': released.datasetVersion ?? 'unversioned',
        'Cache-Control': SHARED_CACHE_CONTROL,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  const past = asOf ? openAsOf(asOf) : undefined;
  if (past?.release) ({ baseUrl: PUBLIC_BASE_URL, licence: DATA_LICENCE, licenceUrl: DATA_LICENCE_URL } = past.release);
  const snapshot = past?.snapshot ?? openExportSnapshot();
  let body: ReadableStream<Uint8Array>;
  try {
    const chunks = startChunks(
      exportChunks(file, {
        snapshot,
        params: parsed.value,
        baseUrl: PUBLIC_BASE_URL,
        licence: DATA_LICENCE,
        licenceUrl: DATA_LICENCE_URL,
        now: asOf ? new Date(asOf) : new Date(),
        release: past?.release ? { version: past.release.version } : undefined,
      }),
    );
    body = readableFromChunks(chunks, () => snapshot.close());
  } catch (error) {
    snapshot.close();
    throw error;
  }
  return new Response(body, {
    headers: {
      'Content-Type': contentType(file),
      'Content-Disposition': `attachment; filename="${downloadName(file, snapshot.datasetVersion)}"`,
      'X-Dataset-Version': snapshot.datasetVersion ?? 'unversioned',
      'X-Data-Licence': ascii(DATA_LICENCE),
      Link: `<${ascii(DATA_LICENCE_URL)}>; rel="license", <${PUBLIC_BASE_URL.replace(/\/$/, '')}/export>; rel="describedby"`,
      // Drafts must never sit in a shared cache; published exports may, revalidated with the ETag of the data's
      // version that server.js adds (docs/decisions/009).
      'Cache-Control': parsed.value.includeDrafts ? PRIVATE_CACHE_CONTROL : SHARED_CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export const GET = withErrorHandling('/export/[file]', get);
