import { locales } from '../i18n/routing';

/**
 * The internal paths of the public pages that show some records, in every locale. English is served at
 * unprefixed URLs through a rewrite, so its cached pages live under /en/…; these are the paths revalidatePath
 * needs (tests/e2e/curator-http.test.ts checks that an edit shows at once at / and /ar/).
 */
export function publicPaths(places: { monumentSlugs: string[]; siteSlugs: string[] }): string[] {
  const paths: string[] = [];
  for (const l of locales) {
    paths.push(`/${l}`, `/${l}/changes`, `/${l}/sites`);
    for (const slug of places.siteSlugs) paths.push(`/${l}/sites/${slug}`);
    for (const slug of places.monumentSlugs) paths.push(`/${l}/monuments/${slug}`);
  }
  return paths;
}
