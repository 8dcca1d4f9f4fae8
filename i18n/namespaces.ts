/** Message catalog files, one per namespace, under messages/<locale>/<namespace>.json. */
export const namespaces = ['common', 'home', 'site', 'monument', 'export'] as const;
