'use client';

import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import { importAction } from '@/app/[locale]/(curator)/_actions/import';
import { changeCount, initialImportState, type ImportState, type PlanView } from '@/lib/import/view';
import { noticeText, problemText, type Translate } from '@/lib/import/messages';
import { encodingChoices, importTypes, type FieldChange } from '@/lib/import/types';

function PendingButton({
  children,
  pending: pendingLabel,
  busy,
  name,
  value,
}: {
  children: ReactNode;
  pending: string;
  /** Work the form status does not see (an upload, an action called from script): its label. */
  busy?: string | null;
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  const waiting = pending || Boolean(busy);
  return (
    <button type="submit" name={name} value={value} disabled={waiting} aria-disabled={waiting}>
      {busy || (pending ? pendingLabel : children)}
    </button>
  );
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

type Uploaded = { ok: true; token: string; sha256: string } | { ok: false; status: number };

/**
 * Streams the file to /api/curator/imports as the request body (no form encoding), reporting its progress: any size
 * up to the import limit, whatever the limit on forms.
 */
function uploadFile(file: File, onProgress: (sent: number) => void): Promise<Uploaded> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/curator/imports?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', file.type && !file.type.startsWith('multipart/') ? file.type : 'text/csv');
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      try {
        if (xhr.status === 201) {
          const { upload } = JSON.parse(xhr.responseText) as { upload: { token: string; sha256: string } };
          return resolve({ ok: true, token: upload.token, sha256: upload.sha256 });
        }
      } catch {
        /* not the answer expected: reported as a failed upload */
      }
      resolve({ ok: false, status: xhr.status });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0 });
    xhr.send(file);
  });
}

/** Upload, dry run, then commit: one action answers both forms with the plan (components of /admin/import). */
export function ImportForm({
  maxBytes,
  maxRows,
  ttlMinutes,
}: {
  maxBytes: number;
  maxRows: number;
  ttlMinutes: number;
}) {
  const [state, formAction, checking] = useActionState(importAction, initialImportState);
  const t = useTranslations('import') as unknown as Translate;
  const [clientError, setClientError] = useState<string | null>(null);
  /** Bytes sent of the file being uploaded (null: no upload under way). */
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.submission) resultRef.current?.focus();
  }, [state.submission]);

  // With JavaScript, the file is uploaded first (streamed, with its progress shown), then checked by its token;
  // without, the form sends it to the action itself (up to the forms' body limit).
  const onCheck = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const input = form.elements.namedItem('file') as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (!file) return setClientError(t('form.fileRequired'));
    if (file.size > maxBytes)
      return setClientError(t('form.fileTooLarge', { sizeMb: mb(file.size), maxMb: mb(maxBytes) }));
    setClientError(null);
    setProgress({ sent: 0, total: file.size });
    void uploadFile(file, (sent) => setProgress({ sent, total: file.size })).then((uploaded) => {
      setProgress(null);
      if (!uploaded.ok) {
        const code =
          uploaded.status === 413
            ? 'fileTooLarge'
            : uploaded.status === 401
              ? 'signedOut'
              : uploaded.status === 403
                ? 'notAllowed'
                : 'uploadFailed';
        return setClientError(t(`form.${code}`, { sizeMb: mb(file.size), maxMb: mb(maxBytes) }));
      }
      const fd = new FormData(form);
      fd.delete('file');
      fd.set('upload', uploaded.token);
      fd.set('sha256', uploaded.sha256);
      startTransition(() => formAction(fd));
    });
  };
  const busy = progress
    ? t('form.uploading', { percent: progress.total ? Math.floor((progress.sent / progress.total) * 100) : 100 })
    : checking
      ? t('form.checking')
      : null;
  const fileErrors = clientError
    ? [clientError]
    : (state.fieldErrors.file ?? []).map((code) => t(`form.${code}`, { sizeMb: '?', maxMb: mb(maxBytes) }));
  const v = state.values;

  return (
    <>
      <form
        action={formAction}
        onSubmit={onCheck}
        className="record-form import-check"
        key={`check-${state.submission}`}
        noValidate
      >
        <fieldset>
          <legend>{t('form.legend')}</legend>
          <div className={`field${fileErrors.length ? ' field-invalid' : ''}`}>
            <label htmlFor="import-file">{t('form.file')}</label>
            <p className="hint" id="import-file-hint">
              {t('help.limits', { maxMb: mb(maxBytes), maxRows: maxRows.toLocaleString('en') })}
            </p>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,.txt,.tsv,.zip,text/csv,text/plain,application/zip"
              aria-describedby="import-file-hint import-file-error"
              aria-invalid={fileErrors.length ? true : undefined}
            />
            <p className="field-error" id="import-file-error" aria-live="polite">
              {fileErrors.join(' ')}
            </p>
          </div>
          <fieldset className="inline-choice">
            <legend>{t('form.kind')}</legend>
            <label className="check">
              <input type="radio" name="kind" value="csv" defaultChecked={v.kind === 'csv'} /> {t('form.kindCsv')}
            </label>
            <label className="check">
              <input type="radio" name="kind" value="whc" defaultChecked={v.kind === 'whc'} /> {t('form.kindWhc')}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="import-type">{t('form.type')}</label>
            <p className="hint" id="import-type-hint">
              {t('form.typeHint')}
            </p>
            <select id="import-type" name="type" defaultValue={v.type} aria-describedby="import-type-hint">
              <option value="auto">{t('form.typeAuto')}</option>
              {importTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-encoding">{t('form.encoding')}</label>
            <select id="import-encoding" name="encoding" defaultValue={v.encoding}>
              {encodingChoices.map((e) => (
                <option key={e} value={e}>
                  {e === 'auto' ? t('form.encodingAuto') : t(`encodings.${e}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                name="allowLossy"
                defaultChecked={!!v.allowLossy}
                aria-describedby="import-lossy-hint"
              />{' '}
              {t('form.allowLossy')}
            </label>
            <p className="hint" id="import-lossy-hint">
              {t('form.allowLossyHint')}
            </p>
          </div>
          <input type="hidden" name="intent" value="check" />
          {progress && (
            <p className="hint">
              <label htmlFor="import-progress">{t('form.progress')}</label>{' '}
              <progress id="import-progress" max={progress.total || 1} value={progress.sent} />
            </p>
          )}
          <PendingButton pending={t('form.checking')} busy={busy}>
            {t('form.check')}
          </PendingButton>
        </fieldset>
      </form>
      <Result state={state} t={t} headingRef={resultRef} formAction={formAction} ttlMinutes={ttlMinutes} />
    </>
  );
}

function Result({
  state,
  t,
  headingRef,
  formAction,
  ttlMinutes,
}: {
  state: ImportState;
  t: Translate;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  formAction: (fd: FormData) => void;
  ttlMinutes: number;
}) {
  const plan = state.plan;
  const message =
    state.status === 'committed' && plan ? (
      <p className="ok-note" role="status">
        {t('result.committed', { name: plan.fileName, ...plan.counts })}
      </p>
    ) : state.status === 'stale' ? (
      <p className="form-summary" role="alert">
        {t('result.stale')}
      </p>
    ) : state.status === 'expired' ? (
      <p className="form-summary" role="alert">
        {t('result.expired', { minutes: ttlMinutes })}
      </p>
    ) : state.status === 'failed' ? (
      <p className="form-summary" role="alert">
        {t('result.failed', { reason: state.reason ?? '' })}
      </p>
    ) : null;
  if (!plan && !message) return <div aria-live="polite" />;
  const committed = state.status === 'committed';
  return (
    <section aria-labelledby="import-result" className="import-result">
      <h2 id="import-result" tabIndex={-1} ref={headingRef}>
        {committed ? t('nav') : plan ? t('plan.title') : t('title')}
      </h2>
      {message}
      {plan && <PlanDetails plan={plan} t={t} />}
      {plan && !committed && plan.problemCount > 0 && state.status !== 'stale' && (
        <p className="form-summary">{t('result.problems')}</p>
      )}
      {plan && !committed && plan.problemCount === 0 && changeCount(plan.counts) === 0 && (
        <p className="ok-note">{t('plan.nothingToDo')}</p>
      )}
      {plan?.token && !committed && (
        <form action={formAction} className="import-commit">
          <p>{t('plan.ready')}</p>
          <input type="hidden" name="intent" value="commit" />
          <input type="hidden" name="token" value={plan.token} />
          <input type="hidden" name="sha256" value={plan.sha256} />
          <input type="hidden" name="fingerprint" value={plan.fingerprint} />
          <PendingButton pending={t('form.committing')}>
            {t('form.commit', { count: changeCount(plan.counts) })}
          </PendingButton>
        </form>
      )}
    </section>
  );
}

function Value({ value, t }: { value: string; t: Translate }) {
  return value === '' ? (
    <span className="muted">{t('plan.empty')}</span>
  ) : (
    <bdi dir="auto" className="import-value">
      {value}
    </bdi>
  );
}

function Changes({ changes, t }: { changes: FieldChange[]; t: Translate }) {
  if (!changes.length) return null;
  return (
    <ul className="import-changes">
      {changes.map((c) => (
        <li key={c.column}>
          <code>{c.column}</code>:{' '}
          <del>
            <Value value={c.before} t={t} />
          </del>{' '}
          →{' '}
          <ins>
            <Value value={c.after} t={t} />
          </ins>
          {c.lossy && <strong className="danger-note"> {t('plan.lossy')}</strong>}
        </li>
      ))}
    </ul>
  );
}

function PlanDetails({ plan, t }: { plan: PlanView; t: Translate }) {
  return (
    <>
      {plan.type && plan.encoding && (
        <p>
          {t('plan.file', {
            name: plan.fileName,
            rows: plan.totalRows,
            type: plan.type,
            encoding: t(`encodings.${plan.encoding}`),
            delimiter: plan.delimiter ?? 'comma',
          })}
        </p>
      )}
      <p className="result-count">{t('plan.counts', { ...plan.counts })}</p>
      {plan.notices.length > 0 && (
        <>
          <h3 className="small-heading">{t('plan.notices')}</h3>
          <ul>
            {plan.notices.map((n, i) => (
              <li key={i}>{noticeText(t, n)}</li>
            ))}
          </ul>
        </>
      )}
      {plan.problemCount > 0 && (
        <section aria-labelledby="import-problems" className="import-problems">
          <h3 id="import-problems" className="small-heading danger-note">
            {t('plan.problemsTitle', { count: plan.problemCount })}
          </h3>
          {plan.problemCount > plan.problems.length && (
            <p>{t('plan.problemsMore', { shown: plan.problems.length, count: plan.problemCount })}</p>
          )}
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('plan.row')}</th>
                  <th scope="col">{t('plan.line')}</th>
                  <th scope="col">{t('plan.column')}</th>
                  <th scope="col">{t('plan.message')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.problems.map((p, i) => (
                  <tr key={i}>
                    <td>{p.row ?? t('plan.wholeFile')}</td>
                    <td>{p.line ?? ''}</td>
                    <td>{p.column ? <code>{p.column}</code> : ''}</td>
                    <td>{problemText(t, p)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {plan.rows.length > 0 && (
        <section aria-labelledby="import-rows">
          <h3 id="import-rows" className="small-heading">
            {t('plan.rowsTitle')}
          </h3>
          {plan.counts.create + plan.counts.update + plan.counts.unchanged + plan.counts.skip > plan.rows.length && (
            <p>
              {t('plan.rowsMore', {
                shown: plan.rows.length,
                count: plan.counts.create + plan.counts.update + plan.counts.unchanged + plan.counts.skip,
              })}
            </p>
          )}
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('plan.rowsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('plan.row')}</th>
                  <th scope="col">{t('plan.action')}</th>
                  <th scope="col">{t('plan.record')}</th>
                  <th scope="col">{t('plan.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.rows.map((r) => (
                  <tr key={r.row} className={`import-${r.action}`}>
                    <td>{r.row}</td>
                    <td>{t(`actions.${r.action}`)}</td>
                    <td>
                      <bdi dir="auto">
                        {r.id ? `#${r.id} ` : ''}
                        {r.label}
                      </bdi>
                    </td>
                    <td>{r.reason ? t(`skip.${r.reason}`) : <Changes changes={r.changes} t={t} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
