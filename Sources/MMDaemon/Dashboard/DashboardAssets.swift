/// The dashboard's page, served from the binary. One HTML shell for both the overview (`/`) and a market
/// (`/market/{id}`); `app.js` draws whichever the path names. No inline script or style (the content
/// security policy is `default-src 'self'`), nothing from a CDN.
enum DashboardAssets {
    static let page: StaticString = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>mmd</title>
        <link rel="stylesheet" href="/assets/app.css">
        <script src="/assets/app.js" defer></script>
        </head>
        <body>
        <header class="top">
          <a class="brand" href="/">mmd</a>
          <nav id="crumbs"></nav>
          <span id="live" class="live off" title="live updates">●</span>
        </header>
        <main id="app"><p class="muted">Loading…</p></main>
        </body>
        </html>
        """#
}
