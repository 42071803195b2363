/* The 404 page's links, wherever the page is opened.
 *
 * A server shows 404.html in place of any missing address, /events/x/y as well as
 * /x.html, so the page's links start from the server's root ("/index.html") and
 * its stylesheet is inline. This script is loaded by a relative address, so it runs
 * only where those work: the page opened from disk as site/404.html, or served for
 * a missing address in the site's own folder. There the site's folder is the one
 * above this script's, which need not be the server's root: the links are made to
 * start from it.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("URL" in window)) { return; }
  var root = new URL("..", script.src);
  document.querySelectorAll("a[href^='/'], link[href^='/']").forEach(function (link) {
    var href = link.getAttribute("href");
    if (href.charAt(1) !== "/") {   // "//host/x" names another host: not one of ours
      link.setAttribute("href", new URL(href.slice(1), root).href);
    }
  });
})();
