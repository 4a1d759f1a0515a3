// @ts-check
// Material for MkDocs' content start-up (partials/javascripts/content.html, MIT licence, 9.x),
// run from this file so the Content-Security-Policy needs no inline script: opens the tab a link
// points at.
(function () {
  var target = /** @type {HTMLInputElement | null} */ (document.getElementById(location.hash.slice(1)));
  if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
})();
