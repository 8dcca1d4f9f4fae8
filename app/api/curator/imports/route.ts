import path from 'node:path';
import { requireRole } from '@/lib/auth';
import { config } from '@/lib/config';
import { checkContentLength, checkOrigin } from '@/lib/http/origin';
import { errorResponse } from '@/lib/http/problem';
import { withErrorHandling } from '@/lib/http/route';
import { receiveUpload } from '@/lib/import/uploads';

export const dynamic = 'force-dynamic';

const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

/**
 * A file for /admin/import, sent as the request body itself (any type but multipart; the name in `?name=`): streamed
 * to the upload folder and answered with its token and SHA-256, which the page's dry run and commit then name.
 * Editors and admins only. Who is asking, where from and how much they declare are checked before a byte of the body
 * is read (the proxy never runs here, so Next buffers nothing: proxy.ts); a body over IMPORT_MAX_BYTES stops being
 * read at the limit.
 */
async function post(request: Request) {
  const user = await requireRole('editor', { api: true }); // cookies only
  const c = config();
  if (!checkOrigin(request.headers, c.PUBLIC_BASE_URL).ok)
    return errorResponse(403, 'Request refused: this upload was sent from another website.');
  const size = checkContentLength(request.headers, c.IMPORT_MAX_BYTES);
  if (!size.ok)
    return size.status === 413
      ? errorResponse(413, `The file is larger than the import limit (${mib(c.IMPORT_MAX_BYTES)}).`)
      : errorResponse(400, 'Content-Length is not a number of bytes.');
  if (/^multipart\//i.test(request.headers.get('content-type') ?? ''))
    return errorResponse(415, 'Send the file itself as the request body (for example Content-Type: text/csv).');
  const raw = new URL(request.url).searchParams.get('name') ?? '';
  const fileName = path.basename(raw.replace(/\\/g, '/')).slice(0, 200) || 'upload.csv';
  if (!request.body) return errorResponse(400, 'The request has no file in its body.');

  let received;
  try {
    received = await receiveUpload(request.body, user.id, fileName, c.IMPORT_MAX_BYTES);
  } catch (error) {
    // The client went away, or ran out of time (server.js): nobody is waiting for an answer, nothing was kept.
    if (request.signal.aborted || (error as { code?: string }).code === 'ECONNRESET' || /aborted/i.test(String(error)))
      return errorResponse(400, 'The upload did not finish.');
    throw error;
  }
  if (!received.ok)
    return received.reason === 'tooLarge'
      ? errorResponse(413, `The file is larger than the import limit (${mib(c.IMPORT_MAX_BYTES)}).`)
      : errorResponse(400, 'The file is empty.');
  const { token, sha256, bytes } = received;
  return Response.json(
    { upload: { token, sha256, bytes, name: received.fileName } },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const POST = withErrorHandling('/api/curator/imports', post);
