// pufa: search the 法规库 in the browser. The index is sharded (search_index/library_browser.py): for a query,
// this fetches the vocabulary shards of its characters, segments it with the index's own words, fetches the
// postings shards of those words (each cut to its highest-impact documents), sums impacts, and fetches the few
// document chunks the best hits are in. Every file is a <script> (works from file://); nothing from other hosts.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/pufa\/pufa-library\.js(\?.*)?$/, "") : "";
  var head = null, parts = { v: {}, p: {}, d: {} }, callbacks = {};
  var COVERAGE_MARGIN = 0.2;

  window.PUFA_LIBRARY_PART = function (kind, number, data) {
    parts[kind][number] = data;
    var key = kind + number, list = callbacks[key] || [];
    delete callbacks[key];
    list.forEach(function (f) { f(); });
  };

  function load(src, done) {
    var tag = document.createElement("script");
    tag.src = base + src;
    tag.onload = done;
    tag.onerror = done;  // a shard that does not exist holds nothing: go on without it
    document.head.appendChild(tag);
  }

  function loadHead(done) {
    if (head) return done();
    load("search/fagui/head.js", function () { head = window.PUFA_LIBRARY_HEAD || null; done(); });
  }

  // Fetch the parts (kind, numbers) not yet here, all at once; then call done.
  function need(kind, numbers, done) {
    var missing = numbers.filter(function (n, i) { return numbers.indexOf(n) === i && parts[kind][n] === undefined; });
    var left = missing.length;
    if (!left) return done();
    missing.forEach(function (n) {
      var key = kind + n;
      (callbacks[key] = callbacks[key] || []).push(function () { if (--left === 0) done(); });
      load("search/fagui/" + kind + "/" + n + ".js", function () {
        if (parts[kind][n] === undefined) window.PUFA_LIBRARY_PART(kind, n, kind === "v" ? [] : {});
      });
    });
  }

  function runs(text) {
    return text.match(/第[0-9]+[条款项章节编]|[0-9]+(?:\.[0-9]+)?|[a-z]+|[\u4e00-\u9fff]+/g) || [];
  }

  // Forward maximum matching with the terms of the vocabulary shards, plus the shorter terms inside a long word.
  function segment(pieces, vocab) {
    var words = [];
    pieces.forEach(function (piece) {
      if (!/[\u4e00-\u9fff]/.test(piece) || /^第[0-9]+/.test(piece)) { words.push(piece); return; }
      var i = 0;
      while (i < piece.length) {
        var found = null;
        for (var j = Math.min(piece.length, i + head.maxWord); j > i; j--) {
          if (vocab[piece.slice(i, j)]) { found = piece.slice(i, j); break; }
        }
        if (!found) { i += 1; continue; }
        words.push(found);
        for (var len = 2; len < found.length; len++) {
          for (var s = 0; s + len <= found.length; s++) if (vocab[found.substr(s, len)]) words.push(found.substr(s, len));
        }
        i += found.length;
      }
    });
    return words.filter(function (w) { return !window.pufaSearch.isStop(w); });
  }

  function shardOf(text, shards) { return window.pufaSearch.shardOf(text, shards); }

  function search(query, limit, done) {
    var api = window.pufaSearch, pieces = runs(api.normalize(query).text);
    var chars = [];
    pieces.forEach(function (p) { if (/[\u4e00-\u9fff]/.test(p)) for (var i = 0; i < p.length; i++) chars.push(p[i]); });
    need("v", chars.map(function (c) { return shardOf(c, head.vocabShards); }), function () {
      var vocab = Object.create(null);
      chars.forEach(function (c) {
        (parts.v[shardOf(c, head.vocabShards)] || []).forEach(function (t) { vocab[t] = true; });
      });
      var weights = Object.create(null), order = [];
      segment(pieces, vocab).forEach(function (w) { if (!(w in weights)) { weights[w] = 1; order.push(w); } });
      order.slice().forEach(function (w) {
        api.expansions(w).forEach(function (t) { if (!(t in weights)) { weights[t] = api.synonymWeight(); order.push(t); } });
      });
      need("p", order.map(function (t) { return shardOf(t, head.postingShards); }), function () {
        var scores = Object.create(null), found = Object.create(null);
        order.forEach(function (term) {
          var list = parts.p[shardOf(term, head.postingShards)][term];
          if (!list) return;
          found[term] = Object.create(null);
          for (var i = 1, doc = 0; i < list.length; i += 2) {
            doc += list[i];
            scores[doc] = (scores[doc] || 0) + weights[term] * list[i + 1];
            found[term][doc] = true;
          }
        });
        var best = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; })
          .slice(0, limit);
        var terms = order.map(function (t) { return [t, weights[t]]; });
        need("d", best.map(function (doc) { return Math.floor(doc / head.docsPerChunk); }), function () {
          done(best.map(function (doc) {
            var result = hit(doc, scores[doc], order);
            result.coverage = api.coverage(query, terms, function (term) { return !!(found[term] && found[term][doc]); });
            return result;
          }));
        });
      });
    });
  }

  function hit(number, score, words) {
    var chunk = parts.d[Math.floor(number / head.docsPerChunk)], doc = chunk.docs[number % head.docsPerChunk];
    var text = chunk.texts[doc[0]], passage = window.pufaSearch.bestPassage(doc[3], words);
    return { title: doc[1], url: doc[2] + (passage[1] ? "#" + passage[1] : ""), textTitle: text[1], status: text[2],
             snippet: window.pufaSearch.highlight(passage[0], words), score: score };
  }

  function render(container, query) {
    container.textContent = "";
    if (!query) return;
    var status = document.createElement("p");
    status.setAttribute("aria-live", "polite");
    status.textContent = "正在检索法规库…";
    container.appendChild(status);
    window.pufaSearch.head(function () {
      loadHead(function () {
        if (!head) { status.textContent = ""; return; }
        search(query, 10, function (hits) {
          place(container, query, hits);
          status.textContent = hits.length ? "法规库中的条文（" + hits.length + " 条）：" : "法规库中没有找到相关条文。";
          var list = document.createElement("ol");
          list.className = "pufa-hits pufa-library-hits";
          hits.forEach(function (h) {
            var item = document.createElement("li"), link = document.createElement("a"), source = document.createElement("span");
            item.className = "pufa-hit pufa-hit--article" + (h.status === "已废止" ? " pufa-hit--repealed" : "");
            link.href = window.pufaSearch.pageHref(h.url);
            link.textContent = h.title;
            source.className = "pufa-hit__source";
            source.textContent = "《" + h.textTitle + "》· " + h.status;
            item.appendChild(link);
            item.appendChild(source);
            item.appendChild(window.pufaSearch.snippetElement(h.snippet));
            list.appendChild(item);
          });
          container.appendChild(list);
        });
      });
    });
  }

  // Above the campaign's results when the 法规库's best answer covers clearly more of the query (劳动合同试用期多长
  // on a 信访 site), below them otherwise, and always below when one regulation is chosen or a number was looked up.
  function place(container, query, hits) {
    var campaign = document.getElementById("pufa-status") || document.getElementById("pufa-results");
    if (!campaign) return;
    var filter = document.querySelector("#pufa-search-page select[name=r]");
    window.pufaSearch.prepare(query, 1, filter && filter.value ? filter.value : null, function (own) {
      var top = own[0], ours = hits.length ? hits[0].coverage : 0;
      var first = hits.length && !(filter && filter.value) &&
        (!top || top.broad || (top.score !== Infinity && ours > top.coverage + COVERAGE_MARGIN));
      container.classList.toggle("pufa-library-results--first", !!first);
      container.setAttribute("data-placed", first ? "first" : "after");
      var results = document.getElementById("pufa-results");
      if (first) campaign.parentNode.insertBefore(container, campaign);
      else if (results) results.parentNode.insertBefore(container, results.nextSibling);
    }, function () {});
  }

  function setUp() {
    var container = document.getElementById("pufa-library-results");
    if (!container) return;
    var query = new URLSearchParams(location.search).get("q") || "";
    render(container, query);
    var form = document.getElementById("pufa-search-page");
    if (form && !form.getAttribute("data-library-bound")) {
      form.setAttribute("data-library-bound", "1");
      form.addEventListener("submit", function () {
        var input = form.querySelector("input[name=q]");
        setTimeout(function () { render(container, input.value); }, 0);
      });
    }
  }

  window.pufaLibrary = { search: function (query, limit, done) {
    window.pufaSearch.head(function () { loadHead(function () { if (head) search(query, limit, done); else done([]); }); });
  } };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
