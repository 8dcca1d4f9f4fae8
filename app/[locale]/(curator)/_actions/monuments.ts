'use server';

import type { FormState } from '@/lib/forms';
import { monumentRecord } from '@/lib/records/monument-record';
import { saveRecordForm } from '../_lib/server';

export async function createMonumentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(monumentRecord, 'create', formData);
}

export async function updateMonumentAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(monumentRecord, 'update', formData);
}
