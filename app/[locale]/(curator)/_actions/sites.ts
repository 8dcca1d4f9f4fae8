'use server';

import type { FormState } from '@/lib/forms';
import { siteRecord } from '@/lib/records/site';
import { saveRecordForm } from '../_lib/server';

export async function createSiteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(siteRecord, 'create', formData);
}

export async function updateSiteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(siteRecord, 'update', formData);
}
