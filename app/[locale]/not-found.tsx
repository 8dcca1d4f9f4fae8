import { NotFoundContent } from '@/components/fallback-pages';

// Shown by the browser when a page calls notFound() during client navigation; a page loaded from the server gets the
// same content rendered by the catch-all route instead (server.js, README "Pages without JavaScript").
export default function NotFound() {
  return <NotFoundContent />;
}
