/* Search the chronology in the browser, from disk or any static host.
 *
 * The index is in files loaded with a <script src> as they are needed, so nothing
 * is fetched and file:// works; each calls window.CHRONOLOGY_SEARCH(name, data)
 * (timeline/searchshards.py makes them). The manifest, assets/search-index.js, is
 * loaded on first use: the actor, place and source pages (searched whole, listed
 * first, apart from the events) and where the shards begin. A query then loads the
 * term shards holding the words it begins, ranks the events from their postings,
 * and loads the event shards holding the results it shows. Results are built as
 * DOM nodes with textContent and <mark>; content is never parsed as HTML.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.site-search");
  if (!form || !("normalize" in String.prototype)) { return; }
  var input = form.querySelector("input[type=search]");
  var panel = form.querySelector(".search-panel");
  var statusLine = form.querySelector(".search-status");
  var list = form.querySelector(".search-results");
  var root = form.getAttribute("data-root") || "";
  var indexSrc = form.getAttribute("data-index");
  var shardFolder = indexSrc.slice(0, indexSrc.lastIndexOf("/") + 1) + "search/";
  var MAX_HITS = 20, MAX_PAGES = 8;
  // The weight of an event's word by where it is first found (searchindex.CLASSES):
  // a title outranks names, names outrank quotations, quotations the body.
  var CLASS_WEIGHTS = [10, 6, 4, 1];
  // The same fields in a shown event's record, to say what matched.
  var FIELDS = [["t", 10], ["a", 6], ["p", 6], ["q", 4], ["b", 1]];
  // A page is found by its name or title, and its other spellings: not by its text,
  // or a common word would list half the actors before any event.
  var PAGE_FIELDS = [["t", 10], ["n", 6]];
  var FIELD_LABELS = { a: "Actors", p: "Places" };
  var COMBINING = /[\u0300-\u036f]/g;
  var WORD = /[\p{L}\p{N}]/u;
  var files = {}, asked = {}, failed = false, retried = false;   // the index's files, by name
  var manifest = null, pages = null, ranked = { query: null, hits: null };
  var focusFirst = false;   // Enter was pressed: focus the first result once shown

  /* Case- and accent-folded text, with the position in the original of each folded character. */
  function fold(text) {
    var out = "", map = [], i = 0;
    for (var ch of text) {
      var folded = ch.normalize("NFD").replace(COMBINING, "").toLowerCase()
        .replace(/[\u2018\u2019]/g, "'").replace(/\u0451/g, "\u0435");
      for (var k = 0; k < folded.length; k++) { out += folded[k]; map.push(i); }
      i += ch.length;
    }
    map.push(i);
    return { s: out, map: map };
  }

  /* A query's words, split as searchindex.terms splits the text it indexes. */
  function terms(query) {
    return fold(query).s.split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }

  function isWordStart(s, at) { return at === 0 || !WORD.test(s[at - 1]); }
  function isWordEnd(s, at) { return at >= s.length || !WORD.test(s[at]); }

  /* Every [start, end) where a term begins a word of folded text s: weight 2 for
   * the whole word, 1.5 for its beginning (the postings are weighed alike). */
  function matches(s, term) {
    var found = [], at = s.indexOf(term);
    while (at !== -1) {
      if (isWordStart(s, at)) {
        var kind = isWordEnd(s, at + term.length) ? 2 : 1.5;
        found.push({ start: at, end: at + term.length, weight: kind });
      }
      at = s.indexOf(term, at + 1);
    }
    return found;
  }

  /* --- Loading the index's files ------------------------------------------------ */

  /* Each file of the index calls this with its name and data as it arrives. */
  window.CHRONOLOGY_SEARCH = function (name, data) {
    files[name] = data;
    if (name === "index") { manifest = data; pages = prepare(data.pages || [], PAGE_FIELDS); }
    show();
  };

  function load(name, src) {
    if (asked[name]) { return; }
    asked[name] = true;
    var script = document.createElement("script");
    script.src = src;
    script.addEventListener("error", function () { lost(name); });
    document.head.appendChild(script);
  }

  /* A shard that cannot be loaded: a rebuild since the manifest was loaded may have
   * renamed it (shards are named after their data), so read the manifest again, once. */
  function lost(name) {
    if (name === "index" || retried) { failed = true; show(); return; }
    retried = true;
    files = {}; asked = {}; manifest = null; ranked = { query: null, hits: null };
    load("index", indexSrc);
  }

  /* Whether every shard named is here; those that are not are asked for. */
  function have(names) {
    var all = true;
    names.forEach(function (name) {
      if (!(name in files)) { all = false; load(name, shardFolder + name + ".js"); }
    });
    return all;
  }

  /* --- Ranking the events from the postings -------------------------------------- */

  /* The term shards whose range of words meets those that begin with `word`
   * (searchshards.term_shards does the same, for the benchmark and the tests). */
  function termShards(word) {
    var table = manifest.termShards, start = 0;
    for (var i = 0; i < table.length && table[i][0] <= word; i++) { start = i; }
    var end = start;
    while (end + 1 < table.length && table[end + 1][0].lastIndexOf(word, 0) === 0) { end++; }
    return table.slice(start, end + 1).map(function (row) { return row[1]; });
  }

  function shardsFor(words) {
    var names = [];
    words.forEach(function (word) { names = names.concat(termShards(word)); });
    return names;
  }

  /* Each event's score for one word of the query: the best of the indexed words it
   * begins, by their class. A posting is 4 * (event - previous event) + class. */
  function wordScores(word) {
    var scores = new Float64Array(manifest.events);
    termShards(word).forEach(function (name) {
      files[name].forEach(function (entry) {
        if (entry[0].lastIndexOf(word, 0) !== 0) { return; }
        var kind = entry[0] === word ? 2 : 1.5, event = 0;
        entry[1].forEach(function (code) {
          event += Math.floor(code / 4);
          scores[event] = Math.max(scores[event], CLASS_WEIGHTS[code % 4] * kind);
        });
      });
    });
    return scores;
  }

  /* The events every word finds, best first; ties in the chronology's order. */
  function rankEvents(words) {
    var total = null;
    words.forEach(function (word) {
      var scores = wordScores(word);
      if (!total) { total = scores; return; }
      for (var i = 0; i < total.length; i++) { total[i] = total[i] && scores[i] ? total[i] + scores[i] : 0; }
    });
    var hits = [];
    for (var i = 0; i < total.length; i++) { if (total[i]) { hits.push(i); } }
    return hits.sort(function (a, b) { return total[b] - total[a] || a - b; });
  }

  /* The event shard holding event number `index` (the manifest's eventShards). */
  function eventShard(index) {
    var table = manifest.eventShards, low = 0, high = table.length - 1;
    while (low < high) {
      var middle = Math.ceil((low + high) / 2);
      if (table[middle][0] <= index) { low = middle; } else { high = middle - 1; }
    }
    return table[low];
  }

  function eventRecord(index) {
    var row = eventShard(index);
    return files[row[1]][index - row[0]];
  }

  /* Each field as a list of searchable items; actors and places come as groups
   * (name, then aliases), and each item remembers its group. */
  function prepare(raw, fields) {
    return raw.map(function (r, order) {
      var folded = {};
      fields.forEach(function (f) {
        var values = Array.isArray(r[f[0]]) ? r[f[0]] : [r[f[0]]], items = [];
        values.forEach(function (value, group) {
          (Array.isArray(value) ? value : [value]).forEach(function (text, k) {
            items.push({ text: text, f: fold(text), group: group, alias: k > 0 });
          });
        });
        folded[f[0]] = items;
      });
      return { r: r, f: folded, order: order };
    });
  }

  /* A record's score, and the item (outside the title) to show as its snippet: the one
   * matching the most of the query's words, then the best. A page is ranked by this
   * score; an event by its postings (rankEvents), this only says what matched. */
  function scoreRecord(rec, qterms, fields) {
    // Each item's tally is kept on it, marked with this call's token (no allocation per item).
    var total = 0, best = null, whole = qterms.join(" "), hitItems = [], token = {};
    for (var i = 0; i < qterms.length; i++) {
      var termBest = 0;
      fields.forEach(function (field) {
        rec.f[field[0]].forEach(function (item) {
          var itemBest = 0;
          matches(item.f.s, qterms[i]).forEach(function (m) {
            itemBest = Math.max(itemBest, field[1] * (item.f.s === whole ? 3 : m.weight));
          });
          if (!itemBest) { return; }
          termBest = Math.max(termBest, itemBest);
          if (field[0] === "t") { return; }
          if (item.hit !== token) { item.hit = token; item.terms = 0; item.score = 0; hitItems.push([field[0], item]); }
          item.terms += 1;
          item.score += itemBest;
        });
      });
      if (!termBest) { return null; }
      total += termBest;
    }
    hitItems.forEach(function (pair) {
      var item = pair[1];
      if (!best || item.terms > best.terms || (item.terms === best.terms && item.score > best.score)) {
        best = { field: pair[0], item: item, terms: item.terms, score: item.score };
      }
    });
    return { rec: rec, score: total, best: best };
  }

  /* The actor, place and source pages a query names, best first. */
  function searchPages(query) {
    var qterms = terms(query);
    if (!qterms.length || !pages) { return []; }
    var hits = [];
    pages.forEach(function (rec) {
      var hit = scoreRecord(rec, qterms, PAGE_FIELDS);
      if (hit) { hits.push(hit); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.rec.order - b.rec.order; });
    return hits;
  }

  /* Text as nodes, with each match of the query wrapped in <mark>. */
  function highlighted(text, folded, qterms, from, to) {
    var frag = document.createDocumentFragment();
    var ranges = [];
    qterms.forEach(function (t) {
      matches(folded.s, t).forEach(function (m) {
        ranges.push([folded.map[m.start], folded.map[m.end]]);
      });
    });
    ranges = ranges.filter(function (r) { return r[0] >= from && r[1] <= to; })
      .sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var at = from;
    ranges.forEach(function (r) {
      if (r[0] < at) { return; }
      frag.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      frag.appendChild(mark);
      at = r[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at, to)));
    return frag;
  }

  /* A short passage of a long text around its first match. */
  function excerpt(item, qterms) {
    var text = item.text, first = text.length;
    qterms.forEach(function (t) {
      var m = matches(item.f.s, t)[0];
      if (m) { first = Math.min(first, item.f.map[m.start]); }
    });
    if (first === text.length) { first = 0; }
    var from = Math.max(0, first - 60), to = Math.min(text.length, first + 140);
    if (from > 0) { from = text.indexOf(" ", from) + 1 || from; }
    if (to < text.length) { to = text.lastIndexOf(" ", to) > first ? text.lastIndexOf(" ", to) : to; }
    var frag = document.createDocumentFragment();
    if (from > 0) { frag.appendChild(document.createTextNode("…")); }
    frag.appendChild(highlighted(text, item.f, qterms, from, to));
    if (to < text.length) { frag.appendChild(document.createTextNode("…")); }
    return frag;
  }

  function matchesAll(item, qterms) {
    return qterms.every(function (t) { return matches(item.f.s, t).length > 0; });
  }

  /* The name groups with a match: each group's name, and the aliases that matched,
   * unless the name shows every word of the query itself ("Vyacheslav Gladkov",
   * not "Vyacheslav Gladkov (also Gladkov)"). */
  function namesMatched(items, qterms) {
    var groups = [], byGroup = {};
    items.forEach(function (item) {
      if (!item.alias) { byGroup[item.group] = { name: item, aliases: [], hit: false }; }
      var hit = qterms.some(function (t) { return matches(item.f.s, t).length > 0; });
      if (!hit) { return; }
      var group = byGroup[item.group];
      if (item.alias) { group.aliases.push(item); }
      if (!group.hit) { group.hit = true; groups.push(group); }
    });
    groups.forEach(function (group) {
      if (matchesAll(group.name, qterms)) { group.aliases = []; }
    });
    return groups;
  }

  function snippet(hit, qterms) {
    var p = document.createElement("p");
    p.className = "search-snippet";
    var best = hit.best;
    if (!best) { return null; }
    if (FIELD_LABELS[best.field]) {
      var label = document.createElement("span");
      label.className = "search-field";
      label.textContent = FIELD_LABELS[best.field] + ": ";
      p.appendChild(label);
      namesMatched(hit.rec.f[best.field], qterms).forEach(function (group, n) {
        if (n) { p.appendChild(document.createTextNode(", ")); }
        p.appendChild(highlighted(group.name.text, group.name.f, qterms, 0, group.name.text.length));
        if (group.aliases.length) {
          p.appendChild(document.createTextNode(" (also "));
          group.aliases.forEach(function (item, k) {
            if (k) { p.appendChild(document.createTextNode(", ")); }
            p.appendChild(highlighted(item.text, item.f, qterms, 0, item.text.length));
          });
          p.appendChild(document.createTextNode(")"));
        }
      });
    } else {
      if (best.field === "q") { p.classList.add("search-quote"); }
      p.appendChild(excerpt(best.item, qterms));
    }
    return p;
  }

  /* A result's item: the link named by its highlighted title, then a meta line (r.w). */
  function item(hit, qterms) {
    var r = hit.rec.r, li = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + r.u;
    link.className = "search-hit";
    var title = hit.rec.f.t[0];
    link.appendChild(highlighted(title.text, title.f, qterms, 0, title.text.length));
    var meta = document.createElement("p");
    meta.className = "meta";
    var what = document.createElement("span");
    what.textContent = r.w;
    meta.appendChild(what);
    li.appendChild(link);
    li.appendChild(meta);
    return li;
  }

  /* An event's result: its link and meta line, the sources it cites by their short
   * names, and what matched. */
  function resultItem(hit, qterms) {
    var li = item(hit, qterms), meta = li.querySelector(".meta");
    var status = document.createElement("span");
    status.className = "status status-" + hit.rec.r.s;
    status.textContent = hit.rec.r.s;
    if (hit.rec.r.by) {   // whose the status is, as the pages say it: 'DENIED by Ukraine'
      var by = document.createElement("span");
      by.className = "status-by";
      by.appendChild(status);
      by.appendChild(document.createTextNode(" by " + hit.rec.r.by));
      status = by;
    }
    meta.appendChild(status);
    if (hit.rec.r.c && hit.rec.r.c.length) {
      var cited = document.createElement("p"), label = document.createElement("span");
      cited.className = "search-cited";
      label.className = "search-field";
      label.textContent = "Sources: ";
      cited.appendChild(label);
      cited.appendChild(document.createTextNode(hit.rec.r.c.join("; ")));
      li.appendChild(cited);
    }
    var snip = snippet(hit, qterms);
    if (snip) { li.appendChild(snip); }
    return li;
  }

  /* A page's result: its name, what it is, and the other spelling (or a source's
   * headline) that matched. */
  function pageItem(hit, qterms) {
    var li = item(hit, qterms), title = hit.rec.f.t[0];
    // The other spelling only when the name itself does not show what matched.
    var alias = hit.best && hit.best.field === "n" ? hit.best.item : null;
    if (alias && !matchesAll(title, qterms)) {
      var p = document.createElement("p"), label = document.createElement("span");
      p.className = "search-snippet";
      label.className = "search-field";
      label.textContent = (hit.rec.r.l || "Also written") + ": ";
      p.appendChild(label);
      p.appendChild(highlighted(alias.text, alias.f, qterms, 0, alias.text.length));
      li.appendChild(p);
    }
    return li;
  }

  /* One group of results under its own label: `tag` is ul or ol. */
  function group(id, label, tag, items) {
    var heading = document.createElement("p");
    heading.className = "search-group";
    heading.id = id;
    heading.textContent = label;
    var ol = document.createElement(tag);
    ol.setAttribute("aria-labelledby", id);
    items.forEach(function (item) { ol.appendChild(item); });
    list.appendChild(heading);
    list.appendChild(ol);
  }

  function counted(n, noun) { return n + " " + noun + (n === 1 ? "" : "s"); }

  function summary(query, pageHits, hits) {
    if (!pageHits.length && !hits.length) {
      return "No events, actors, places or sources match “" + query + "”.";
    }
    var parts = [], shown = [];
    if (pageHits.length) { parts.push(counted(pageHits.length, "page")); }
    if (hits.length) { parts.push(counted(hits.length, "event")); }
    if (pageHits.length > MAX_PAGES) { shown.push("the first " + MAX_PAGES + " pages"); }
    if (hits.length > MAX_HITS) { shown.push("the first " + MAX_HITS + " events"); }
    var one = parts.length === 1 && (pageHits.length + hits.length) === 1;
    return parts.join(" and ") + (one ? " matches" : " match") + " “" + query + "”"
      + (shown.length ? "; " + shown.join(" and ") + " are shown." : ".");
  }

  /* The events a query finds (numbers in the chronology's order), once the term
   * shards they are ranked from are here; null until then. */
  function rankedEvents(query, words) {
    if (ranked.query !== query) {
      if (!have(shardsFor(words))) { return null; }
      ranked = { query: query, hits: rankEvents(words) };
    }
    return ranked.hits;
  }

  /* The shown events' records as results, once their event shards are here. */
  function shownEvents(numbers, qterms) {
    if (!have(numbers.map(function (n) { return eventShard(n)[1]; }))) { return null; }
    return numbers.map(function (n) {
      var rec = prepare([eventRecord(n)], FIELDS)[0];
      return scoreRecord(rec, qterms, FIELDS) || { rec: rec, best: null };
    });
  }

  /* Show the results of the query in the box; called again as the files it needs arrive. */
  function show() {
    var query = input.value.trim();
    list.textContent = "";
    list.hidden = true;
    if (!query) { statusLine.textContent = ""; return; }
    if (failed) { statusLine.textContent = "The search index could not be loaded."; return; }
    if (!manifest) { statusLine.textContent = "Loading the search index…"; return; }
    var qterms = terms(query), numbers = qterms.length ? rankedEvents(query, qterms) : [];
    var shown = numbers && shownEvents(numbers.slice(0, MAX_HITS), qterms);
    if (!shown) { statusLine.textContent = "Searching…"; return; }
    var pageHits = searchPages(query);
    if (pageHits.length) {
      group("search-pages", "Actors, places and sources", "ul", pageHits.slice(0, MAX_PAGES)
        .map(function (hit) { return pageItem(hit, qterms); }));
    }
    if (shown.length) {
      group("search-events", "Events", "ol", shown.map(function (hit) { return resultItem(hit, qterms); }));
    }
    list.hidden = !pageHits.length && !shown.length;
    statusLine.textContent = summary(query, pageHits, numbers);
    var first = list.querySelector("a.search-hit");
    if (focusFirst && first) { first.focus(); }
    focusFirst = false;
  }

  function start() {
    if (!manifest) { load("index", indexSrc); }
  }

  function moveFocus(step) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.search-hit"));
    if (!links.length) { return; }
    var at = links.indexOf(document.activeElement);
    var next = at === -1 ? (step > 0 ? 0 : links.length - 1) : at + step;
    if (next < 0) { input.focus(); return; }
    links[Math.min(next, links.length - 1)].focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    focusFirst = true;
    panel.hidden = false;
    start();
    show();
  });
  input.addEventListener("focus", function () { panel.hidden = false; start(); show(); });
  // A click elsewhere on the page folds the results away; the query stays in the box.
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { panel.hidden = true; }
  });
  input.addEventListener("input", function () { focusFirst = false; panel.hidden = false; start(); show(); });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      input.value = "";
      show();
      input.focus();
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      moveFocus(1);
    } else if (event.key === "ArrowUp" && document.activeElement !== input) {
      event.preventDefault();
      moveFocus(-1);
    }
  });
  form.hidden = false;
  if (input.value) { start(); show(); }
}());
