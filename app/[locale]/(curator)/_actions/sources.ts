'use server';

import type { FormState } from '@/lib/forms';
import { sourceRecord } from '@/lib/records/source';
import { saveRecordForm } from '../_lib/server';

export async function createSourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(sourceRecord, 'create', formData);
}

export async function updateSourceAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(sourceRecord, 'update', formData);
}
