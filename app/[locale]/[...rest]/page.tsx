import { notFound } from 'next/navigation';

// Rendered from the database on each request that reaches Next; server.js keeps the result until the data it shows
// changes (docs/decisions/009), so Next keeps no copy of its own.
export const dynamic = 'force-dynamic';

// Any unknown path under a locale renders that locale's 404 page.
export default function CatchAll() {
  notFound();
}
