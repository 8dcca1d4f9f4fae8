'use server';

import path from 'node:path';
import { z } from 'zod';
import { requireRole } from '@/lib/auth';
import { commitImport, dryRun, importLimits } from '@/lib/import/run';
import { deleteUpload, loadUpload, storeUpload } from '@/lib/import/uploads';
import { changeCount, planView, type ImportState } from '@/lib/import/view';
import { encodingChoices, importKinds, importTypes } from '@/lib/import/types';
import { refreshCuratorPages } from '../_lib/server';

const Choices = z.object({
  kind: z.enum(importKinds as [string, ...string[]]).catch('csv'),
  type: z.enum(['auto', ...importTypes] as [string, ...string[]]).catch('auto'),
  encoding: z.enum(encodingChoices as [string, ...string[]]).catch('auto'),
});

const answer = (prev: ImportState, next: Partial<ImportState>): ImportState => ({
  ...prev,
  fieldErrors: {},
  reason: undefined,
  ...next,
  submission: Date.now() + Math.random(),
});

/**
 * /admin/import (editors and admins). `intent=check` (the default): reads the uploaded file and answers its plan,
 * writing nothing; a plan with changes and no problems keeps the file for its commit. `intent=commit`: applies the
 * checked file (by token and SHA-256) in one transaction, only if the plan is still the one shown.
 */
export async function importAction(prev: ImportState, formData: FormData): Promise<ImportState> {
  const user = await requireRole('editor');
  if (formData.get('intent') === 'commit') return commit(prev, formData, user.id);

  const values = Choices.parse({
    kind: formData.get('kind'),
    type: formData.get('type'),
    encoding: formData.get('encoding'),
  }) as ImportState['values'];
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

async function commit(prev: ImportState, formData: FormData, userId: number): Promise<ImportState> {
  const token = String(formData.get('token') ?? '');
  const sha256 = String(formData.get('sha256') ?? '');
  const fingerprint = String(formData.get('fingerprint') ?? '');
  const upload = loadUpload(token, userId, sha256);
  if (!upload) return answer(prev, { status: 'expired', plan: undefined });
  let result;
  try {
    result = commitImport(upload.bytes, upload.meta.settings, { userId }, { expectedFingerprint: fingerprint });
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
