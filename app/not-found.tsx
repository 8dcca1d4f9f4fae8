// Reached only for paths outside the localised routes; localised 404s render app/[locale]/not-found.tsx.
export default function GlobalNotFound() {
  return (
    <html lang="en" dir="ltr">
      <body>
        <main id="main">
          <h1>Page not found</h1>
          <p><a href="/">Heritage Damage Registry — home</a></p>
        </main>
      </body>
    </html>
  );
}
