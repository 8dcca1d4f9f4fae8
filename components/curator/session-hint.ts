/**
 * The non-secret cookie that tells a browser a curator signed in here, so that pages every reader shares ask
 * next-auth's session endpoint only in such a browser (see session-status.tsx). Set at sign-in, cleared at sign-out.
 */
export const SESSION_HINT_COOKIE = 'curator_hint';

export function setSessionHint(on: boolean): void {
  document.cookie = on
    ? `${SESSION_HINT_COOKIE}=1; path=/; max-age=${30 * 24 * 3600}; samesite=lax`
    : `${SESSION_HINT_COOKIE}=; path=/; max-age=0; samesite=lax`;
}
