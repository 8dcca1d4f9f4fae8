'use server';

import path from 'node:path';
import { z } from 'zod';
import { requireRole } from '@/lib/auth';
import { commitImport, dryRun, importLimits } from '@/lib/import/run';
import { deleteUpload, keepForCommit, loadUpload, storeUpload } from '@/lib/import/uploads';
import { changeCount, planView, type ImportState } from '@/lib/import/view';
import { encodingChoices, importKinds, importTypes } from '@/lib/import/types';
import { refreshCuratorPages } from '../_lib/server';

const Choices = z.object({
  kind: z.enum(importKinds as [string, ...string[]]).catch('csv'),
  type: z.enum(['auto', ...importTypes] as [string, ...string[]]).catch('auto'),
  encoding: z.enum(encodingChoices as [string, ...string[]]).catch('auto'),
  // The checkbox "Allow letters replaced by ? or �": only an explicit tick lets such a change be committed.
  allowLossy: z
    .unknown()
    .transform((v) => v === 'on')
    .catch(false),
});

const answer = (prev: ImportState, next: Partial<ImportState>): ImportState => ({
  ...prev,
  fieldErrors: {},
  reason: undefined,
  ...next,
  submission: Date.now() + Math.random(),
});

/**
 * /admin/import (editors and admins). `intent=check` (the default): reads the file and answers its plan, writing
 * nothing; a plan with changes and no problems keeps the file for its commit. The file is one the page streamed to
 * /api/curator/imports (`upload` token and `sha256`), or, without JavaScript, sent with this form (up to the forms'
 * body limit). `intent=commit`: applies the checked file (by token and SHA-256) in one transaction, only if the plan
 * is still the one shown.
 */
export async function importAction(prev: ImportState, formData: FormData): Promise<ImportState> {
  const user = await requireRole('editor');
  if (formData.get('intent') === 'commit') return commit(prev, formData, user.id);

  const values = Choices.parse({
    kind: formData.get('kind'),
    type: formData.get('type'),
    encoding: formData.get('encoding'),
    allowLossy: formData.get('allowLossy'),
  }) as ImportState['values'];
  const token = formData.get('upload');
  if (typeof token === 'string' && token) return checkUpload(prev, values, token, formData, user.id);
  const file = formData.get('file');
  if (!(file instanceof File) || file.size === 0)
    return answer(prev, { status: 'invalid', values, plan: undefined, fieldErrors: { file: ['fileRequired'] } });
  const limits = importLimits();
  if (file.size > limits.maxBytes)
    return answer(prev, { status: 'invalid', values, plan: undefined, fieldErrors: { file: ['fileTooLarge'] } });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const settings = { ...values, fileName: path.basename(file.name || 'upload.csv').slice(0, 200) };
  const plan = dryRun(bytes, settings, user.id, limits);
  const upload =
    plan.problemCount === 0 && changeCount(plan.counts) > 0 ? storeUpload(bytes, user.id, settings) : undefined;
  return answer(prev, { status: 'planned', values, plan: planView(plan, upload) });
}

/** The dry run of a streamed upload: kept for its commit if it could be committed, else removed. */
function checkUpload(
  prev: ImportState,
  values: ImportState['values'],
  token: string,
  formData: FormData,
  userId: number,
): ImportState {
  const sha256 = String(formData.get('sha256') ?? '');
  const upload = loadUpload(token, userId, sha256);
  if (!upload) return answer(prev, { status: 'expired', values, plan: undefined });
  const settings = { ...values, fileName: upload.meta.fileName ?? 'upload.csv' };
  const plan = dryRun(upload.bytes, settings, userId, importLimits());
  const keep = plan.problemCount === 0 && changeCount(plan.counts) > 0;
  if (keep) keepForCommit(token, upload.meta, settings);
  else deleteUpload(token);
  return answer(prev, { status: 'planned', values, plan: planView(plan, keep ? { token, sha256 } : undefined) });
}

async function commit(prev: ImportState, formData: FormData, userId: number): Promise<ImportState> {
  const token = String(formData.get('token') ?? '');
  const sha256 = String(formData.get('sha256') ?? '');
  const fingerprint = String(formData.get('fingerprint') ?? '');
  const upload = loadUpload(token, userId, sha256);
  // An upload that no dry run kept (no settings) cannot be committed: it was never shown as a plan.
  if (!upload?.meta.settings) return answer(prev, { status: 'expired', plan: undefined });
  const settings = upload.meta.settings;
  let result;
  try {
    result = commitImport(upload.bytes, settings, { userId }, { expectedFingerprint: fingerprint });
  } catch (error) {
    // Rolled back: the database is as it was. The reason is shown; the file stays for another try.
    return answer(prev, { status: 'failed', reason: (error as Error).message });
  }
  if (!result.committed) {
    const keep = result.plan.problemCount === 0 && changeCount(result.plan.counts) > 0;
    if (!keep) deleteUpload(token);
    return answer(prev, { status: 'stale', plan: planView(result.plan, keep ? { token, sha256 } : undefined) });
  }
  deleteUpload(token);
  refreshCuratorPages();
  return answer(prev, { status: 'committed', plan: planView(result.plan) });
}
