// Material for MkDocs' start-up code (partials/javascripts/base.html, MIT licence, 9.x), run from
// this file so the Content-Security-Policy needs no inline script. The theme's bundle uses these
// globals; the scope comes from the script element's data-md-scope attribute.
/* eslint-disable no-var */
var __md_scope = new URL(document.currentScript.getAttribute("data-md-scope"), location);
var __md_hash = function (e) {
  return [].slice.call(e).reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0);
};
var __md_get = function (e, _, t) {
  _ = _ || localStorage;
  t = t || __md_scope;
  return JSON.parse(_.getItem(t.pathname + "." + e));
};
var __md_set = function (e, _, t, a) {
  t = t || localStorage;
  a = a || __md_scope;
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) { /* storage full or off */ }
};
