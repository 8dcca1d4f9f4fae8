'use client';

// Last resort when even the layout fails: no message catalogs are available here, so both languages are shown.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en" dir="ltr">
      <body>
        <main id="main">
          <h1>Something went wrong</h1>
          <p lang="ar" dir="rtl">
            حدث خطأ. يرجى المحاولة مرة أخرى.
          </p>
          {error.digest && (
            <p>
              Reference / المرجع: <bdi>{error.digest}</bdi>
            </p>
          )}
          {/* A full page load, not the router: whatever broke the layout must not be reused. */}
          {/* eslint-disable @next/next/no-html-link-for-pages */}
          <p>
            <a href="/">Heritage Damage Registry</a> ·{' '}
            <a href="/ar" lang="ar">
              سجل الأضرار التي لحقت بالتراث
            </a>
          </p>
          {/* eslint-enable @next/next/no-html-link-for-pages */}
        </main>
      </body>
    </html>
  );
}
