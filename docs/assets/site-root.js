// @ts-check
/* The site's root address, worked out from the page's own header: its home link (the logo,
 * docs/overrides/partials/header.html, marked `data-ms-home`) points at the home page, which is
 * the root of the site wherever it is served (a domain, a sub-path, a preview, a file copy). Site
 * addresses from data ("credentials/<id>/", "data/compare/<id>.json") are resolved against it.
 */

/**
 * The root of the site, ending in "/".
 * @param {Document} [doc]
 * @returns {URL}
 */
export function siteRoot(doc = document) {
  const home = doc.querySelector("a[data-ms-home][href]");
  // Every page of the theme has the header; a page without it (none today) gets the host's root.
  if (!(home instanceof HTMLAnchorElement)) return new URL("/", doc.location.href);
  // The link's resolved address; "./" drops a file name ("index.html" on a host without
  // directory addresses).
  return new URL("./", home.href);
}
