import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { config } from '@/lib/config';
import { SMALL_BODY_LIMIT_BYTES } from '@/lib/http-policy';
import { checkContentLength, checkOrigin, isSafeMethod } from '@/lib/http/origin';
import { withErrorHandling } from '@/lib/http/route';
import { errorResponse } from '@/lib/http/problem';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ nextauth: string[] }> };

const refusal = (status: number, message: string) => errorResponse(status, message);

// Options are built per request (not at import): `next build` loads this module without the production secret.
async function handler(req: Request, context: Context) {
  if (!isSafeMethod(req.method)) {
    // next-auth checks its own CSRF token as well; a form posted from another site is refused before that.
    if (!checkOrigin(req.headers, config().PUBLIC_BASE_URL).ok)
      return refusal(403, 'Request refused: sent from another site.');
    const size = checkContentLength(req.headers, SMALL_BODY_LIMIT_BYTES, { requireLength: true });
    if (!size.ok)
      return refusal(
        size.status,
        size.status === 413
          ? `Request body larger than ${SMALL_BODY_LIMIT_BYTES / 1024} kB.`
          : 'Content-Length required.',
      );
  }
  return NextAuth(authOptions())(req, context);
}

const GET = withErrorHandling('/api/auth/[...nextauth]', handler);
export { GET, GET as POST };
