/* The 404 page's links and scripts, wherever the page is shown.
 *
 * A server shows 404.html in place of any missing address, /events/x/y as well as
 * /x.html, so without --base-url the page's links and the scripts it loads start from
 * the server's root ("/index.html", "/assets/search.js"): no relative address works
 * at every depth. This script is therefore inline, allowed by its hash in the page's
 * CSP like the stylesheet, and loads search.js itself (its address is this element's
 * data-search). Opened from disk the page is site/404.html itself, where an address
 * from the root names a file at the top of the disk: there links and scripts are made
 * to start from the page's own folder, the site's.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("URL" in window)) { return; }
  var search = script.getAttribute("data-search");
  var site = location.protocol === "file:" ? new URL(".", location.href) : null;

  function fromSite(href) {   // "//host/x" names another host: not one of ours
    return site && href.charAt(0) === "/" && href.charAt(1) !== "/" ?
      new URL(href.slice(1), site).href : href;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a[href^='/'], link[href^='/']").forEach(function (link) {
      link.setAttribute("href", fromSite(link.getAttribute("href")));
    });
    var form = document.querySelector("form.site-search");
    if (form) {
      ["data-root", "data-index"].forEach(function (name) {
        form.setAttribute(name, fromSite(form.getAttribute(name) || ""));
      });
    }
    var loader = document.createElement("script");
    loader.src = fromSite(search);
    document.head.appendChild(loader);
  });
})();
