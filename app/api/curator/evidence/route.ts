import { requireUser } from '@/lib/auth';
import { config } from '@/lib/config';
import { parseId } from '@/lib/forms';
import { checkContentLength, checkOrigin } from '@/lib/http/origin';
import { errorResponse } from '@/lib/http/problem';
import { withErrorHandling } from '@/lib/http/route';
import { evidenceUrl } from '@/lib/evidence-images/kinds';
import {
  attachEvidence,
  detachEvidence,
  editEvidence,
  restoreDetachedEvidence,
  type AttachOutcome,
  type EvidenceWriteOutcome,
} from '@/lib/records/evidence-images';

export const dynamic = 'force-dynamic';

/** Room for the form's other fields besides the image itself. */
const FIELDS_ALLOWANCE = 64 * 1024;
const mib = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;

type Answer = { status: number; code: string; message: string; fields?: string[]; body?: unknown };

function fromAttach(outcome: AttachOutcome): Answer {
  switch (outcome.kind) {
    case 'attached': {
      const e = outcome.evidence;
      const body = {
        evidence: { id: e.id, report_id: e.reportId, sha256: e.sha256, width: e.width, height: e.height },
        urls: { page: evidenceUrl(e.sha256, 'page', 'jpg') },
      };
      return { status: 201, code: 'attached', message: 'Attached.', body };
    }
    case 'invalid':
      return {
        status: 422,
        code: 'invalid',
        message: `Check these fields: ${Object.entries(outcome.fieldErrors)
          .map(([f, codes]) => `${f} (${codes.join(', ')})`)
          .join('; ')}.`,
        fields: Object.keys(outcome.fieldErrors),
      };
    case 'refused':
      return { status: outcome.code === 'tooLarge' ? 413 : 422, code: outcome.code, message: outcome.message };
    case 'notFound':
      return { status: 404, code: 'notFound', message: 'No such report, or you may not change its evidence.' };
  }
}

function fromWrite(outcome: EvidenceWriteOutcome, done: string): Answer {
  switch (outcome.kind) {
    case 'saved':
      return { status: 200, code: done, message: 'Saved.', body: { evidence: { id: outcome.evidence.id } } };
    case 'conflict':
      return { status: 409, code: 'conflict', message: 'Someone changed this image meanwhile: reload the page.' };
    case 'invalid':
      return { status: 422, code: 'invalid', message: 'Check the fields.', fields: Object.keys(outcome.fieldErrors) };
    case 'notFound':
      return { status: 404, code: 'notFound', message: 'No such evidence image, or you may not change it.' };
  }
}

/**
 * Evidence images of a report, from its edit page (a multipart form: the image and its fields) or a script. `action`
 * is `attach` (default), `edit` (captions, alt text, credit, licence, date, source), `detach` or `restore`. Any signed-in curator may ask; the service decides per report
 * (editors any, a contributor their own). Who is asking, where from and how much they declare are checked before a
 * byte of the body is read (the proxy never runs here: proxy.ts); EVIDENCE_MAX_BYTES bounds the body. A browser's
 * form is sent back to the edit page with the outcome; anything else gets JSON (errors: lib/http/problem.ts).
 */
async function post(request: Request) {
  const user = await requireUser({ api: true });
  const c = config();
  if (!checkOrigin(request.headers, c.PUBLIC_BASE_URL).ok)
    return errorResponse(403, 'Request refused: this form was sent from another website.');
  const size = checkContentLength(request.headers, c.EVIDENCE_MAX_BYTES + FIELDS_ALLOWANCE, { requireLength: true });
  if (!size.ok)
    return size.status === 413
      ? errorResponse(413, `The file is larger than the limit for evidence images (${mib(c.EVIDENCE_MAX_BYTES)}).`)
      : size.status === 411
        ? errorResponse(411, 'Declare the Content-Length of the upload.')
        : errorResponse(400, 'Content-Length is not a number of bytes.');
  const type = request.headers.get('content-type') ?? '';
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type))
    return errorResponse(415, 'Send a form (multipart/form-data with the image in the field "file").');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return errorResponse(400, 'The form could not be read (incomplete or malformed).');
  }
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v;
  const who = { user: { id: user.id, role: user.role } };
  const action = values.action || 'attach';
  const reportId = parseId(values.report);
  let answer: Answer;
  if (action === 'attach') {
    const file = form.get('file');
    if (!reportId) answer = { status: 400, code: 'invalid', message: 'Name the report (field "report").' };
    else if (!(file instanceof Blob) || file.size === 0)
      answer = { status: 400, code: 'empty', message: 'Choose an image file (field "file").', fields: ['file'] };
    else answer = fromAttach(await attachEvidence(reportId, new Uint8Array(await file.arrayBuffer()), values, who));
  } else if (action === 'detach' || action === 'restore' || action === 'edit') {
    const id = parseId(values.id);
    const version = parseId(values.version);
    if (!id || (action !== 'restore' && !version))
      answer = { status: 400, code: 'invalid', message: 'Name the image (fields "id" and "version").' };
    else
      answer =
        action === 'detach'
          ? fromWrite(detachEvidence(id, version!, who), 'detached')
          : action === 'edit'
            ? fromWrite(editEvidence(id, version!, values, who), 'saved')
            : fromWrite(restoreDetachedEvidence(id, who), 'restored');
  } else answer = { status: 400, code: 'invalid', message: 'Unknown action: attach, edit, detach or restore.' };

  // A browser's form (no script): back to the report's page, which says what happened.
  if ((request.headers.get('accept') ?? '').includes('text/html') && reportId) {
    const prefix = values.locale === 'ar' ? '/ar' : '';
    const query = new URLSearchParams({ evidence: answer.code });
    if (answer.fields?.length) query.set('fields', answer.fields.join(','));
    const location = `${prefix}/admin/reports/${reportId}/edit?${query}#evidence`;
    return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
  }
  if (answer.status >= 400) return errorResponse(answer.status, answer.message);
  return Response.json(answer.body, { status: answer.status, headers: { 'Cache-Control': 'no-store' } });
}

export const POST = withErrorHandling('/api/curator/evidence', post);
