/** Message catalog files, one per namespace, under messages/<locale>/<namespace>.json. */
export const namespaces = ['common', 'home', 'site', 'monument', 'search', 'browse', 'map', 'auth', 'curator', 'changes', 'export', 'limits'] as const;

/**
 * Namespaces only the signed-in curator pages use in client components: the public layout leaves them out of the
 * messages it sends to every reader's browser; the curator layout and the sign-in page provide them.
 */
export const curatorOnlyNamespaces: readonly string[] = ['auth', 'curator'];

/** Namespaces used only on the server (the proxy's short refusal pages): never sent to the browser. */
export const serverOnlyNamespaces: readonly string[] = ['limits'];
