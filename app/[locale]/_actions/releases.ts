'use server';

import { requireRole } from '@/lib/auth';
import { config } from '@/lib/config';
import { cutRelease } from '@/lib/export/releases';

export interface ReleaseFormState {
  status: 'idle' | 'cut' | 'refused';
  version?: string;
  sha256?: string;
  /** Why a version was refused (export.releases.cut.refused keys). */
  code?: 'taken' | 'invalid';
  submission: number;
}

/**
 * The editors' "Cut the release" button on /export: the page is the same for every reader, so the role is checked
 * here, on the server, before anything is read (anonymous → sign-in page, contributors → 403).
 */
export async function cutReleaseAction(_prev: ReleaseFormState, formData: FormData): Promise<ReleaseFormState> {
  const locale = formData.get('locale') === 'ar' ? 'ar' : 'en';
  const user = await requireRole('editor', { locale, returnTo: `${locale === 'ar' ? '/ar' : ''}/export#releases` });
  const c = config();
  const result = cutRelease({
    version: String(formData.get('version') ?? ''),
    actor: { userId: user.id },
    baseUrl: c.PUBLIC_BASE_URL,
    licence: c.DATA_LICENCE,
    licenceUrl: c.DATA_LICENCE_URL,
  });
  const submission = Date.now() + Math.random();
  if (!result.ok)
    return { status: 'refused', code: result.code, version: String(formData.get('version') ?? ''), submission };
  return { status: 'cut', version: result.release.version, sha256: result.release.sha256, submission };
}
