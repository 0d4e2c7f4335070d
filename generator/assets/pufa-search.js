// pufa: in-browser search. Loads search/index.js (built by pufa from the same analyzer as the Whoosh index) on
// the first search, analyses the query the same way — width and numeral normalisation, segmentation against the
// index's vocabulary, stop words, synonyms — and ranks with BM25F. No requests to other hosts; works from file://.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/pufa\/pufa-search\.js(\?.*)?$/, "") : "";
  var fileMode = location.protocol === "file:";
  var index = null, vocab = null, maxWord = 12, waiting = [], parts = { v: {}, p: {}, d: {} }, partWaits = {};
  var LABELS = { article: "条文", interpretation: "解读", qa: "问答", "case": "案例", term: "术语" };

  // --- the grammar: patterns and tables come with the index, from generator/grammar.py ---------------------------
  var G = null, NUMERIC = null, LOOKUP = null, SPACE = null;
  function useGrammar(grammar) {
    G = grammar;
    NUMERIC = new RegExp(G.numeric, "g");
    LOOKUP = new RegExp(G.lookup);
    SPACE = new RegExp(G.space, "g");
  }

  // The decimal digits of a numeral, or null: generator.numerals.cn_to_int, step for step.
  function cnToText(text) {
    if (!text) return null;
    if (/^[0-9\uFF10-\uFF19]+$/.test(text)) return stripZeros(widthOnly(text));
    var i, ch, hasUnit = false;
    for (i = 0; i < text.length; i++) {
      ch = text[i];
      if (!(own(G.digits, ch) || own(G.smallUnits, ch) || own(G.bigUnits, ch))) return null;
      if (own(G.smallUnits, ch) || own(G.bigUnits, ch)) hasUnit = true;
    }
    if (!hasUnit) {
      var digits = "";
      for (i = 0; i < text.length; i++) digits += String(G.digits[text[i]]);
      return stripZeros(digits);
    }
    var total = 0, section = 0, digit = null, smallest = null, seenBig = false;
    for (i = 0; i < text.length; i++) {
      ch = text[i];
      if (own(G.digits, ch)) {
        if (digit !== null && G.digits[ch] !== 0) return null;
        digit = G.digits[ch] ? G.digits[ch] : null;
      } else if (own(G.smallUnits, ch)) {
        var unit = G.smallUnits[ch];
        if (smallest !== null && unit >= smallest) return null;
        if (digit === null && section) return null;
        section += (digit === null ? 1 : digit) * unit;
        smallest = unit; digit = null;
      } else {
        if (seenBig) return null;
        seenBig = true;
        total += ((section + (digit || 0)) || 1) * G.bigUnits[ch];
        section = 0; digit = null; smallest = null;
      }
    }
    return String(total + section + (digit || 0));
  }
  function cnToInt(text) { var value = cnToText(text); return value === null ? null : parseInt(value, 10); }
  function stripZeros(digits) { return digits.replace(/^0+(?=[0-9])/, ""); }
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function widthOnly(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var mapped = G.width[String(text.charCodeAt(i))];
      out += mapped === undefined ? text[i] : String.fromCharCode(mapped);
    }
    return out;
  }

  // Normalise like search_index.analysis.normalize: width, case, numerals. Returns the text and, for each of
  // its characters, the index of the original character it came from.
  function normalize(text) {
    var lowered = widthOnly(text).toLowerCase();
    var out = "", map = [], position = 0, match;
    function put(piece, start, end) {  // one piece of a replacement, spread over the original span it replaces
      for (var r = 0; r < piece.length; r++) {
        out += piece[r];
        map.push(end <= start ? start : Math.min(end - 1, start + Math.floor(r * (end - start) / piece.length)));
      }
    }
    function arabic(numeral) { var value = cnToText(numeral); return value === null ? numeral : value; }
    NUMERIC.lastIndex = 0;
    while ((match = NUMERIC.exec(lowered)) !== null) {
      var g = match.groups, start = match.index, end = start + match[0].length;
      if (g.bare !== undefined) start += g.before.length;
      for (var k = position; k < start; k++) { out += lowered[k]; map.push(k); }
      if (g.ordinal !== undefined) {
        put("第", start, start + 1);
        put(arabic(g.ordinal), start + 1, start + 1 + g.ordinal.length);
        put(g.kind, end - 1, end);
      } else if (g.count !== undefined) {
        put(arabic(g.count), start, start + g.count.length);
        put(g.unit === "天" ? "日" : g.unit, start + g.count.length, end);
      } else if (g.bare !== undefined) {
        put("第", start, start);
        put(g.bare, start, end);
      } else {
        put(g.day_digit, start, start + 1);
        put("日", end - 1, end);
      }
      position = end;
    }
    for (var m = position; m < lowered.length; m++) { out += lowered[m]; map.push(m); }
    map.push(lowered.length);
    return { text: out, map: map };
  }

  // --- analysis -----------------------------------------------------------------------------------------------
  // Maps without a prototype: a query word such as "constructor" or "__proto__" must be an ordinary key.
  function ownMap(object) {
    var map = Object.create(null);
    Object.keys(object).forEach(function (key) { map[key] = object[key]; });
    return map;
  }

  function prepare() {
    index = window.PUFA_SEARCH_INDEX;
    useGrammar(index.grammar);
    index.terms = Object.create(null);  // postings, filled shard by shard (search/p/<n>.js)
    index.synonyms = ownMap(index.synonyms);
    index.titles = ownMap(index.titles);
    index.indexed = Object.create(null);  // index terms, filled shard by shard (search/v/<n>.js)
    index.vocab = [];
    vocab = Object.create(null);
    Object.keys(index.synonyms).forEach(function (t) { vocab[t] = true; });
    index.stopwords.forEach(function (t) { vocab[t] = true; });
    index.userWords.forEach(function (t) { vocab[t] = true; });
    index.stop = Object.create(null);
    index.stopwords.forEach(function (t) { index.stop[t] = true; });
  }

  // Forward maximum matching against the vocabulary, plus the shorter index terms inside a long word (as
  // jieba's search mode does). Words not in the index cannot match a document, so they need no segmenting.
  function segment(text) {
    var words = [], pieces = text.match(/第[0-9]+[条款项章节编]|[0-9]+(?:\.[0-9]+)?|[a-z]+|[\u4e00-\u9fff]+/g) || [];
    pieces.forEach(function (piece) {
      if (!/[\u4e00-\u9fff]/.test(piece) || /^第[0-9]+/.test(piece)) { words.push(piece); return; }
      var i = 0;
      while (i < piece.length) {
        var j = Math.min(piece.length, i + maxWord), found = null;
        for (; j > i; j--) { if (vocab[piece.slice(i, j)]) { found = piece.slice(i, j); break; } }
        if (!found) { i += 1; continue; }
        words.push(found);
        for (var len = 2; len < found.length; len++) {
          for (var s = 0; s + len <= found.length; s++) {
            var sub = found.substr(s, len);
            if (index.indexed[sub]) words.push(sub);
          }
        }
        i += found.length;
      }
    });
    return words.filter(function (w) { return !index.stop[w]; });
  }

  function queryTerms(text) {
    var weights = Object.create(null), order = [];
    segment(normalize(text).text).forEach(function (w) { if (!(w in weights)) { weights[w] = 1; order.push(w); } });
    order.slice().forEach(function (w) {
      (index.synonyms[w] || []).forEach(function (t) {
        if (!(t in weights)) { weights[t] = index.synonymWeight; order.push(t); }
      });
    });
    return order.map(function (w) { return [w, weights[w]]; });
  }

  // generator.grammar.in_bounds: numbers a citation can have.
  function inBounds(found) {
    return found.article >= 1 && found.article <= G.maxArticle && [found.suffix, found.paragraph, found.item].every(
      function (value) { return value === null || (value >= 1 && value <= G.maxSubdivision); });
  }

  // --- article-number lookup (search_index/lookup.py, with the grammar's LOOKUP) ----------------------------------
  function lookup(text) {
    var m = LOOKUP.exec(widthOnly(text).replace(SPACE, ""));
    if (!m || (m.groups.dotted !== undefined && m.groups.dotted_item === undefined)) return null;
    var g = m.groups, regulation = index.defaultRegulation;
    if (g.title !== undefined && G.defaultTitles.indexOf(g.title) < 0) regulation = index.titles[g.title];
    if (!regulation) return null;
    if (g.dotted !== undefined) {
      var dotted = { regulation: regulation, article: parseInt(g.dotted, 10), suffix: null, paragraph: null,
                     item: parseInt(g.dotted_item, 10), typed: { item: g.dotted_item } };
      return inBounds(dotted) ? dotted : null;
    }
    var found = { regulation: regulation, article: cnToInt(g.art), typed: { para: g.para, item: g.item },
                  suffix: g.suffix !== undefined ? cnToInt(g.suffix) : null,
                  paragraph: g.para !== undefined ? cnToInt(g.para) : null,
                  item: g.item !== undefined ? cnToInt(g.item) : null };
    if (found.article === null || (g.suffix !== undefined && found.suffix === null) ||
        (g.para !== undefined && found.paragraph === null) || (g.item !== undefined && found.item === null)) return null;
    return inBounds(found) ? found : null;
  }

  // --- ranking --------------------------------------------------------------------------------------------------
  // Results for ``text``, best first; ``only`` keeps one regulation's results (and the Q&A, cases … of none).
  function search(text, limit, only) {
    text = (text || "").trim().slice(0, 500);
    if (!text) return [];
    var results = [], taken = Object.create(null), found = lookup(text);
    function addLookup(target) {
      if (only && target.regulation !== only) return;
      index.docs.forEach(function (doc, number) {
        if (doc[0] === "article" && doc[3] === target.regulation && doc[4] === target.article && !taken[number]) {
          var anchor = lookupAnchor(doc, target);
          results.push({ doc: number, score: Infinity, anchor: anchor,
                         note: anchor || !(target.item || target.paragraph) ? "" : missingPart(doc, target) + "，显示整条" });
          taken[number] = true;
        }
      });
    }
    if (found) {
      addLookup(found);
      var info = index.regulations[found.regulation];
      // 信访条例第二十三条 may mean the regulation that replaced it: show that article right after.
      if (info && info.successor) addLookup({ regulation: info.successor, article: found.article, suffix: found.suffix,
                                               paragraph: found.paragraph, item: found.item, typed: found.typed });
    }
    var terms = queryTerms(text), ranked = rank(terms, only, taken);
    ranked.forEach(function (doc) { results.push({ doc: doc.doc, score: doc.score }); });
    if (!results.length) {
      terms = broadTerms(text);
      rank(terms, only, taken).forEach(function (doc) { results.push({ doc: doc.doc, score: doc.score, broad: true }); });
    }
    var words = terms.map(function (t) { return t[0]; });
    return results.slice(0, limit || 20).map(function (result) {
      var found = hit(result, words);
      found.coverage = result.score === Infinity ? 1 : coverage(text, terms, function (term) {
        var postings = index.terms[term] || [];
        for (var p = 0; p < postings.length; p += 3) if (postings[p] === result.doc) return true;
        return false;
      });
      return found;
    });
  }

  // How much of what was typed a result accounts for: the share of the query's Chinese characters inside its own
  // words that the result contains (itself or through a synonym). Comparable across indexes with other
  // vocabularies (the 法规库's), unlike scores: /sousuo/ lists the 法规库 first when its best result covers more.
  function coverage(text, terms, contains) {
    var query = normalize(text).text, covered = Object.create(null), total = 0;
    terms.forEach(function (pair) {
      var word = pair[0];
      if (pair[1] !== 1 || query.indexOf(word) < 0) return;
      if (!contains(word) && !(index.synonyms[word] || []).some(contains)) return;
      for (var at = query.indexOf(word); at >= 0; at = query.indexOf(word, at + 1)) {
        for (var i = at; i < at + word.length; i++) covered[i] = true;
      }
    });
    for (var i = 0; i < query.length; i++) if (/[\u4e00-\u9fff]/.test(query[i]) && !index.stop[query[i]]) total++;
    var count = Object.keys(covered).filter(function (i) { return /[\u4e00-\u9fff]/.test(query[i]); }).length;
    return total ? Math.min(1, count / total) : 0;
  }

  // BM25F over the index, each regulation's results weighted by its status; [{doc, score}] best first.
  function rank(terms, only, taken) {
    var scores = Object.create(null), n = index.docs.length;
    terms.forEach(function (pair) {
      var postings = index.terms[pair[0]];
      if (!postings) return;
      var docsWithTerm = Object.create(null), df = 0;
      for (var p = 0; p < postings.length; p += 3) { if (!docsWithTerm[postings[p]]) { docsWithTerm[postings[p]] = true; df++; } }
      var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (var q = 0; q < postings.length; q += 3) {
        var doc = postings[q], field = postings[q + 1], tf = postings[q + 2];
        var length = index.docs[doc][5][field], avg = index.avg[field] || 1;
        var part = tf * (index.k1 + 1) / (tf + index.k1 * (1 - index.b + index.b * length / avg));
        scores[doc] = (scores[doc] || 0) + pair[1] * idf * index.boosts[field] * part;
      }
    });
    Object.keys(scores).forEach(function (doc) {
      var regulation = index.docs[doc][3], info = regulation && index.regulations[regulation];
      if (taken[doc] || (only && regulation && regulation !== only)) { delete scores[doc]; return; }
      scores[doc] *= info ? index.statusWeights[info.label] || 1 : 1;
    });
    return Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; })
      .map(function (doc) { return { doc: doc, score: scores[doc] }; });
  }

  // search_index.analysis.Analyzer.broad_terms: index terms sharing two characters with the query, else one.
  function broadTerms(text) {
    var runs = normalize(text).text.match(/[\u4e00-\u9fff]+/g) || [];
    var vocabulary = index.vocab.concat(Object.keys(index.synonyms).filter(function (word) {
      return !index.indexed[word];
    }));
    for (var size = 2; size >= 1; size--) {
      var pieces = Object.create(null), any = false;
      runs.forEach(function (run) {
        for (var i = 0; i + size <= run.length; i++) {
          var piece = run.substr(i, size);
          if (!index.stop[piece]) { pieces[piece] = true; any = true; }
        }
      });
      if (!any) continue;
      var found = vocabulary.filter(function (term) {
        for (var piece in pieces) { if (term.indexOf(piece) >= 0) return true; }
        return false;
      }).sort(function (a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0); }).slice(0, index.broadLimit);
      if (!found.length) continue;
      var terms = [], seen = Object.create(null);
      found.forEach(function (word) {
        [word].concat(index.synonyms[word] || []).forEach(function (term) {
          if (!seen[term]) { seen[term] = true; terms.push([term, index.broadWeight]); }
        });
      });
      return terms;
    }
    return [];
  }

  // 第三十一条没有第九项: said instead of landing silently on the article's top.
  function missingPart(doc, target) {
    var label = doc[1].split(" ")[0], typed = target.typed || {};
    if (target.paragraph && target.item) return label + "第" + typed.para + "款没有第" + typed.item + "项";
    if (target.paragraph) return label + "没有第" + typed.para + "款";
    return label + "没有第" + typed.item + "项";
  }

  function lookupAnchor(doc, found) {
    var passages = doc[6] || [];
    for (var i = 0; i < passages.length; i++) {
      var anchor = passages[i][1];
      if (found.item && new RegExp((found.paragraph ? "-p" + found.paragraph : "-p[0-9]+") + "-i" + found.item + "$").test(anchor)) return anchor;
      if (found.paragraph && !found.item && new RegExp("-p" + found.paragraph + "$").test(anchor)) return anchor;
    }
    return "";
  }

  function hit(result, words) {
    var doc = index.docs[result.doc], passage = bestPassage(doc[6] || [], words);
    var anchor = result.anchor !== undefined ? result.anchor : (doc[0] === "article" ? passage[1] : "");
    var info = doc[3] ? index.regulations[doc[3]] : null;
    return { type: doc[0], label: LABELS[doc[0]], title: doc[1], url: doc[2] + (anchor ? "#" + anchor : ""),
             regulation: doc[3], regulationTitle: info ? info.title : null, status: info ? info.label : null,
             article: doc[4], snippet: highlight(passage[0], words), score: result.score, note: result.note || "",
             broad: !!result.broad, doc: result.doc };
  }

  function bestPassage(passages, words) {
    var best = passages[0] || ["", ""], bestCount = 0;
    passages.forEach(function (p) {
      var text = normalize(p[0]).text, count = 0;
      words.forEach(function (w) { if (text.indexOf(w) >= 0) count++; });
      if (count > bestCount) { best = p; bestCount = count; }
    });
    return best;
  }

  // Snippet pieces: [text, marked?] around the first match, never HTML.
  function highlight(text, words) {
    var norm = normalize(text), spans = [];
    words.forEach(function (w) {
      if (w.length < 1) return;
      var at = norm.text.indexOf(w);
      while (at >= 0) { spans.push([norm.map[at], norm.map[at + w.length]]); at = norm.text.indexOf(w, at + w.length); }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    spans.forEach(function (s) {
      if (merged.length && s[0] <= merged[merged.length - 1][1]) merged[merged.length - 1][1] = Math.max(merged[merged.length - 1][1], s[1]);
      else merged.push(s.slice());
    });
    var begin = Math.max(0, merged.length ? merged[0][0] - 20 : 0), end = Math.min(text.length, begin + 120);
    var pieces = [], position = begin;
    if (begin) pieces.push(["…", false]);
    merged.forEach(function (s) {
      if (s[0] < begin || s[1] > end) return;
      pieces.push([text.slice(position, s[0]), false], [text.slice(s[0], s[1]), true]);
      position = s[1];
    });
    pieces.push([text.slice(position, end) + (end < text.length ? "…" : ""), false]);
    return pieces;
  }

  // --- pages ----------------------------------------------------------------------------------------------------
  function pageHref(url) {
    var parts = url.split("#"), path = parts[0];
    if (fileMode && (path === "" || /\/$/.test(path))) path += "index.html";
    return base + path + (parts[1] ? "#" + parts[1] : "");
  }
  function searchPage(query) { return pageHref("sousuo/") + (query ? "?q=" + encodeURIComponent(query) : ""); }

  // crc32 of the UTF-8 bytes modulo ``shards``: search_index/browser.py term_shard (zlib.crc32).
  var CRC = [];
  for (var c = 0, n = 0; n < 256; c = ++n) {
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    CRC.push(c >>> 0);
  }
  function shardOf(text, shards) {
    var bytes = unescape(encodeURIComponent(text)), crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC[(crc ^ bytes.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
    return ((crc ^ 0xffffffff) >>> 0) % shards;
  }

  window.PUFA_SEARCH_PART = function (kind, number, data) {
    if (kind === "p") Object.keys(data).forEach(function (t) { index.terms[t] = data[t]; });
    else if (kind === "v") data.forEach(function (t) { index.indexed[t] = vocab[t] = true; index.vocab.push(t); });
    else data.forEach(function (passages, i) { index.docs[number * index.passageChunk + i][6] = passages; });
    parts[kind][number] = true;
    var list = partWaits[kind + number] || [];
    delete partWaits[kind + number];
    list.forEach(function (f) { f(); });
  };

  // Load the index parts (kind "p": postings shards, "d": passage chunks) not here yet, all at once; then done.
  function need(kind, numbers, done) {
    var missing = numbers.filter(function (n, i) { return numbers.indexOf(n) === i && !parts[kind][n]; });
    var left = missing.length;
    if (!left) return done();
    missing.forEach(function (n) {
      (partWaits[kind + n] = partWaits[kind + n] || []).push(function () { if (--left === 0) done(); });
      var tag = document.createElement("script");
      tag.src = base + "search/" + kind + "/" + n + ".js";
      tag.onerror = function () { window.PUFA_SEARCH_PART(kind, n, kind === "p" ? {} : []); };
      document.head.appendChild(tag);
    });
  }
  function needTerms(terms, done) {
    need("p", terms.map(function (t) { return shardOf(t[0], index.termShards); }), done);
  }
  // The vocabulary shards of the query's characters: every index term that can start at one of them.
  function needVocabulary(text, done) {
    var chars = normalize(text).text.replace(/\s+/g, "").split("");
    need("v", chars.map(function (c) { return shardOf(c, index.vocabShards); }), done);
  }
  function all(count) { var numbers = []; for (var i = 0; i < count; i++) numbers.push(i); return numbers; }

  // What a search needs, fetched before it runs: the postings of the query's words (and of the broad match's,
  // when they match nothing), then the passages of the hits it shows (snippets, and the anchors of a lookup).
  function prepareQuery(text, limit, only, done, fail) {
    fail = fail || function (error) { throw error; };
    function guard(step) { return function () { try { step(); } catch (error) { fail(error); } }; }
    function passages() {
      var docs = search(text, limit, only).map(function (h) { return Math.floor(h.doc / index.passageChunk); });
      need("d", docs, guard(function () { done(search(text, limit, only)); }));
    }
    needVocabulary(text, guard(function () {
      needTerms(queryTerms(text), guard(function () {
        var first = search(text, limit, only);
        if (first.length && !first[0].broad) return passages();
        // Nothing matched: the broad match looks through the whole vocabulary.
        need("v", all(index.vocabShards), guard(function () {
          needTerms(broadTerms(text), guard(passages));
        }));
      }));
    }));
  }

  // The whole index (every shard): for callers of window.pufaSearch.search, which is synchronous.
  function whenLoaded(callback) {
    whenReady(function () {
      var chunks = all(Math.ceil(index.docs.length / index.passageChunk));
      need("v", all(index.vocabShards), function () {
        need("p", all(index.termShards), function () { need("d", chunks, callback); });
      });
    });
  }

  function whenReady(callback) {
    if (index) return callback();
    waiting.push(callback);
    if (waiting.length > 1) return;
    function flush() { prepare(); var list = waiting; waiting = []; list.forEach(function (f) { f(); }); }
    if (window.PUFA_SEARCH_INDEX) return flush();
    var tag = document.createElement("script");
    tag.src = base + "search/index.js";
    tag.onload = flush;
    document.head.appendChild(tag);
  }

  // The results shown stay until the new ones are ready (the index parts a query needs may take a moment).
  function render(container, query, only) {
    var status = document.getElementById("pufa-status");
    if (!query) { container.textContent = ""; if (status) status.textContent = ""; return; }
    function fail(error) {
      container.textContent = "";
      if (status) status.textContent = "检索出错（" + error.message + "），请换个说法再试。";
    }
    try {
      prepareQuery(query, 20, only, function (hits) { show(container, status, hits); }, fail);
    } catch (error) {
      fail(error);
    }
  }

  // A snippet's pieces as text nodes and <mark>s: never HTML.
  function snippetElement(pieces) {
    var snippet = document.createElement("p");
    snippet.className = "pufa-hit__snippet";
    pieces.forEach(function (piece) {
      if (piece[1]) { var mark = document.createElement("mark"); mark.textContent = piece[0]; snippet.appendChild(mark); }
      else snippet.appendChild(document.createTextNode(piece[0]));
    });
    return snippet;
  }

  function show(container, status, hits) {
    container.textContent = "";
    var note = hits.length && hits[0].note ? hits[0].note + "。" : "";
    if (hits.length && hits[0].broad) note = "没有完全匹配的结果，下面是相近的内容（宽泛匹配）。";
    if (status) status.textContent = note + (hits.length ? "找到 " + hits.length + " 条结果" : "没有找到结果，换个说法试试，例如“多久答复”“复查”“第22条”。");
    var list = document.createElement("ol");
    list.className = "pufa-hits";
    hits.forEach(function (h) {
      var item = document.createElement("li"), link = document.createElement("a"), label = document.createElement("span");
      item.className = "pufa-hit pufa-hit--" + h.type + (h.status === "已废止" ? " pufa-hit--repealed" : "");
      label.className = "pufa-hit__label";
      label.textContent = h.label;
      link.href = pageHref(h.url);
      link.appendChild(label);
      link.appendChild(document.createTextNode(" " + h.title));
      item.appendChild(link);
      if (h.regulationTitle) {
        var source = document.createElement("span");
        source.className = "pufa-hit__source pufa-hit__source--" + (h.status === "已废止" ? "repealed" : "current");
        source.textContent = "《" + h.regulationTitle + "》· " + h.status;
        item.appendChild(source);
      }
      item.appendChild(snippetElement(h.snippet));
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  // An exact article number goes straight to the article (its item or paragraph highlighted by :target); a
  // paragraph or item that does not exist is said on the search page instead.
  function articleJump(query, only, done) {
    var found = lookup(query);
    if (!found || (only && found.regulation !== only)) return done(null);
    prepareQuery(query, 1, only, function (hits) {
      done(hits.length && hits[0].type === "article" && hits[0].score === Infinity && !hits[0].note ? hits[0] : null);
    });
  }

  // A status line for a form outside the search page (the header box), so a slow first load is never silent.
  function formStatus(form) {
    var status = form.querySelector(".pufa-form-status");
    if (!status) {
      status = document.createElement("span");
      status.className = "pufa-form-status";
      status.setAttribute("role", "status");
      form.appendChild(status);
    }
    return status;
  }

  function bindForms() {
    document.querySelectorAll("form[data-pufa-search]").forEach(function (form) {
      if (form.getAttribute("data-bound")) return;
      form.setAttribute("data-bound", "1");
      form.addEventListener("submit", function (event) {
        var input = form.querySelector("input[name=q]"), results = document.getElementById("pufa-results");
        var filter = form.querySelector("select[name=r]"), only = filter ? filter.value : "";
        var status = document.getElementById("pufa-status") || formStatus(form);
        event.preventDefault();
        if (input.value) status.textContent = "正在检索…";
        whenReady(function () {
          articleJump(input.value, only, function (jump) {
            if (jump) { location.href = pageHref(jump.url); return; }
            if (!results) { location.href = searchPage(input.value); return; }
            history.replaceState(null, "", "?q=" + encodeURIComponent(input.value) + (only ? "&r=" + encodeURIComponent(only) : ""));
            render(results, input.value, only);
          });
        });
      });
    });
  }

  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector("form[data-pufa-search]")) return;
    var form = document.createElement("form"), input = document.createElement("input");
    form.setAttribute("data-pufa-search", "");
    form.setAttribute("role", "search");
    form.className = "pufa-header-search";
    input.type = "search";
    input.name = "q";
    input.placeholder = "搜索条文、问答";
    input.setAttribute("aria-label", "搜索");
    form.appendChild(input);
    var link = document.createElement("a"), svgNS = "http://www.w3.org/2000/svg";
    link.className = "pufa-header-search__link";
    link.href = searchPage("");
    link.setAttribute("aria-label", "搜索");
    var icon = document.createElementNS(svgNS, "svg"), path = document.createElementNS(svgNS, "path");
    icon.setAttribute("viewBox", "0 0 24 24");
    icon.setAttribute("width", "24");
    icon.setAttribute("height", "24");
    icon.setAttribute("aria-hidden", "true");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M9.5 3a6.5 6.5 0 0 1 5.25 10.33l5.46 5.46-1.42 1.42-5.46-5.46A6.5 6.5 0 1 1 9.5 3m0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9z");
    icon.appendChild(path);
    link.appendChild(icon);
    form.appendChild(link);
    var option = header.querySelector(".md-header__option");
    header.insertBefore(form, option || null);
  }

  function setUp() {
    addHeaderSearch();
    bindForms();
    var results = document.getElementById("pufa-results");
    if (!results) return;
    var params = new URLSearchParams(location.search), query = params.get("q") || "", only = params.get("r") || "";
    var input = document.querySelector("#pufa-search-page input[name=q]");
    var filter = document.querySelector("#pufa-search-page select[name=r]");
    if (input) input.value = query;
    if (filter) filter.value = only;
    var status = document.getElementById("pufa-status");
    if (query && status) status.textContent = "正在检索…";
    if (query) whenReady(function () { render(results, query, filter ? filter.value : only); });
  }

  window.pufaSearch = { search: function (text, limit, only) { return search(text, limit, only); }, ready: whenLoaded,
                        prepare: prepareQuery, head: whenReady, shardOf: shardOf,
                        normalize: normalize, lookup: lookup, cnToInt: cnToInt, highlight: highlight,
                        bestPassage: bestPassage, pageHref: pageHref, snippetElement: snippetElement,
                        isStop: function (word) { return !!index.stop[word]; },
                        expansions: function (word) { return index.synonyms[word] || []; },
                        synonymWeight: function () { return index.synonymWeight; },
                        coverage: function (text, terms, contains) { return coverage(text, terms, contains); } };
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
