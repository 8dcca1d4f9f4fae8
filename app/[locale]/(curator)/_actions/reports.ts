'use server';

import type { FormState } from '@/lib/forms';
import { reportRecord } from '@/lib/records/report';
import { saveRecordForm } from '../_lib/server';

export async function createReportAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(reportRecord, 'create', formData);
}

export async function updateReportAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveRecordForm(reportRecord, 'update', formData);
}
