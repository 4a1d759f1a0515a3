// @ts-check
// Material for MkDocs' start-up code (partials/javascripts/base.html, MIT licence, 9.x), run from
// this file so the Content-Security-Policy needs no inline script. The theme's bundle uses these
// globals; the scope comes from the script element's data-md-scope attribute. A classic script,
// not a module, like the three files of this folder: it must run where the theme's inline code
// did (palette.js before the page is painted), and define globals for the theme.
/* eslint-disable no-var */
var __md_scope = new URL(/** @type {string} */ (/** @type {HTMLScriptElement} */ (document.currentScript).getAttribute("data-md-scope")), location.href);
/** @param {string} e */
var __md_hash = function (e) {
  return [].slice.call(e).reduce(function (/** @type {number} */ e, /** @type {string} */ _) { return (e << 5) - e + _.charCodeAt(0); }, 0);
};
/**
 * @param {string} e the setting's name
 * @param {Storage} [_]
 * @param {URL} [t]
 */
var __md_get = function (e, _, t) {
  _ = _ || localStorage;
  t = t || __md_scope;
  return JSON.parse(/** @type {string} */ (_.getItem(t.pathname + "." + e)));
};
/**
 * @param {string} e the setting's name
 * @param {unknown} _ its value
 * @param {Storage} [t]
 * @param {URL} [a]
 */
var __md_set = function (e, _, t, a) {
  t = t || localStorage;
  a = a || __md_scope;
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) { /* storage full or off */ }
};
// The site's own mark that scripts run, set before the first paint (the theme's `no-js` goes only
// when its bundle runs, after): tools.css reserves the screen for results the scripts will draw,
// so they do not push the page's footer or text down when they arrive (layout shift).
document.documentElement.classList.add("ms-js");
