/** Message catalog files, one per namespace, under messages/<locale>/<namespace>.json. */
export const namespaces = [
  'common',
  'home',
  'site',
  'monument',
  'search',
  'browse',
  'map',
  'auth',
  'curator',
  'changes',
  'export',
  'import',
  'limits',
  'methodology',
  'submit',
  'evidence',
] as const;
