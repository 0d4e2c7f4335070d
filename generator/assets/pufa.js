// pufa: a site opened from a folder (file://, a USB stick in a training room) has no web server to turn
// "tiaoli/x/22/" into "tiaoli/x/22/index.html". Links keep their web form in the HTML; here, only under file:,
// every link to a folder gets "index.html" (rewritten on load, and on click for links added later).
(function () {
  if (location.protocol !== "file:") return;
  function fileUrl(href) {
    var url = new URL(href, location.href);
    if (url.protocol !== "file:" || !/\/$/.test(url.pathname)) return null;
    url.pathname += "index.html";
    return url.href;
  }
  function rewrite(link) {
    var raw = link.getAttribute("href");
    if (!raw || raw.charAt(0) === "#") return;
    var target = fileUrl(raw);
    if (target) link.setAttribute("href", target);
  }
  document.querySelectorAll("a[href]").forEach(rewrite);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link) rewrite(link);
  }, true);
})();

// pufa: the copy-link button on article pages. No third-party code, no requests.
(function () {
  function setUp() {
    document.querySelectorAll("[data-pufa-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      // The paragraph (款) or item (项) the reader last pointed at, focused or arrived at (#art-31-p1-i6).
      var chosen = location.hash ? document.getElementById(location.hash.slice(1)) : null;
      function choose(row) {
        if (!row || !row.id) return;
        chosen = row;
        var anchor = row.querySelector(".pufa-anchor");
        button.textContent = "复制" + (anchor ? anchor.getAttribute("aria-label").replace(/的链接$/, "") : "本条") + "链接";
      }
      if (chosen && chosen.matches(".pufa-para, .pufa-item, .pufa-subitem")) choose(chosen); else chosen = null;
      document.querySelectorAll(".pufa-para[id], .pufa-item[id], .pufa-subitem[id]").forEach(function (row) {
        row.addEventListener("mouseenter", function () { choose(row); });
        row.addEventListener("focusin", function () { choose(row); });
      });
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0] + (chosen ? "#" + chosen.id : "");
        navigator.clipboard.writeText(url).then(function () { button.textContent = "已复制链接"; });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else { document.addEventListener("DOMContentLoaded", setUp); }
})();

// pufa: filters on the Q&A and case indexes. Each list item carries data-<facet> attributes; a container
// <div data-pufa-filters="facet:标签 …"> before the list becomes one <select> per facet. Without JavaScript
// the whole list shows.
(function () {
  function values(items, facet) {
    var seen = {};
    items.forEach(function (item) {
      (item.getAttribute("data-" + facet) || "").split(" ").forEach(function (value) {
        if (value) seen[value] = true;
      });
    });
    return Object.keys(seen).sort();
  }
  function setUp() {
    document.querySelectorAll("[data-pufa-filters]").forEach(function (box) {
      if (box.childElementCount) return;
      var list = box.nextElementSibling;
      while (list && list.tagName !== "UL" && !list.querySelector("ul")) list = list.nextElementSibling;
      if (list && list.tagName !== "UL") list = list.querySelector("ul");
      if (!list) return;
      var items = Array.prototype.slice.call(list.children);
      var selects = [];
      box.getAttribute("data-pufa-filters").split(" ").forEach(function (spec) {
        var parts = spec.split(":"), facet = parts[0], label = document.createElement("label");
        var select = document.createElement("select");
        select.setAttribute("data-facet", facet);
        select.appendChild(new Option("全部", ""));
        values(items, facet).forEach(function (value) { select.appendChild(new Option(value, value)); });
        label.appendChild(document.createTextNode(parts[1] + " "));
        label.appendChild(select);
        box.appendChild(label);
        selects.push(select);
      });
      var count = document.createElement("span");
      count.className = "pufa-count";
      count.setAttribute("aria-live", "polite");
      box.appendChild(count);
      function apply() {
        var shown = 0;
        items.forEach(function (item) {
          var ok = selects.every(function (select) {
            var wanted = select.value;
            return !wanted || (item.getAttribute("data-" + select.getAttribute("data-facet")) || "").split(" ").indexOf(wanted) >= 0;
          });
          item.hidden = !ok;
          if (ok) shown += 1;
        });
        count.textContent = "共 " + shown + " 条";
      }
      selects.forEach(function (select) { select.addEventListener("change", apply); });
      apply();
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else { document.addEventListener("DOMContentLoaded", setUp); }
})();

// pufa: font size for older readers (标准/大/超大), remembered across pages in localStorage.
(function () {
  var KEY = "pufa-font-size", SIZES = [["normal", "标准"], ["large", "大"], ["xlarge", "超大"]];
  function saved() { try { return localStorage.getItem(KEY) || "normal"; } catch (e) { return "normal"; } }
  function apply(size) {
    document.documentElement.setAttribute("data-pufa-font", size);
    document.querySelectorAll(".pufa-fontsize button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-size") === size));
    });
  }
  apply(saved());
  function setUp() {
    var content = document.querySelector(".md-content__inner") || document.querySelector("main") || document.body;
    if (!content || content.querySelector(".pufa-fontsize")) { apply(saved()); return; }
    var group = document.createElement("div");
    group.className = "pufa-fontsize";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "字号");
    var label = document.createElement("span");
    label.textContent = "字号";
    group.appendChild(label);
    SIZES.forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = pair[1];
      button.setAttribute("data-size", pair[0]);
      button.addEventListener("click", function () {
        try { localStorage.setItem(KEY, pair[0]); } catch (e) { /* private mode: this page only */ }
        apply(pair[0]);
      });
      group.appendChild(button);
    });
    content.insertBefore(group, content.firstChild);
    apply(saved());
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();

// pufa: on topic pages (Material's tag listings), each entry says what it is: 问答, 案例, 条文 …
(function () {
  var KINDS = { wenda: "问答", anli: "案例", tiaoli: "条文", dongtai: "动态", ceshi: "测试" };
  function setUp() {
    document.querySelectorAll("article h2[id^='tag:'] + ul > li > a").forEach(function (link) {
      if (link.querySelector(".pufa-kind")) return;
      var path = new URL(link.getAttribute("href"), location.href).pathname.split("/").filter(Boolean);
      var kind = null;
      path.forEach(function (part) { if (!kind && KINDS[part]) kind = KINDS[part]; });
      if (!kind) return;
      var label = document.createElement("span");
      label.className = "pufa-kind";
      label.textContent = kind;
      link.insertBefore(label, link.firstChild);
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); }
  else { setUp(); }
})();

// pufa: before printing, open every collapsed box and note where each link goes, in short (the path on this site,
// or the host and path of another site), for the print style to show after the link.
(function () {
  var root = document.querySelector("script[src*='assets/pufa/pufa.js']");
  var site = root ? new URL(root.getAttribute("src").replace(/assets\/pufa\/pufa\.js.*$/, ""), location.href) : null;
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (box) { box.open = true; });
    document.querySelectorAll("article a[href]").forEach(function (link) {
      var raw = link.getAttribute("href");
      if (!raw || raw.charAt(0) === "#" || link.closest(".pufa-quiz-key")) return;
      var url = new URL(raw, location.href), short;
      if (site && url.href.indexOf(site.href) === 0) {
        short = "/" + url.href.slice(site.href.length).replace(/index\.html(?=$|#)/, "");
      } else if (url.protocol === "http:" || url.protocol === "https:") {
        short = url.host + url.pathname;
      } else { return; }
      if (link.textContent.indexOf(short) < 0) link.setAttribute("data-print-href", short);
    });
  });
})();

// pufa: 投影 — an article alone in very large type for a training room (button 投影, or ?mode=present).
// Arrow keys step through its 款 and 项, PageDown/PageUp go to the next/previous article (still projected), Esc
// returns to the normal page.
(function () {
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("article .pufa-para, article .pufa-item, article .pufa-subitem")); }
  function pagerLink(which) {
    var links = document.querySelectorAll(".pufa-pager a");
    for (var i = 0; i < links.length; i++) {
      if (links[i].textContent.indexOf(which) >= 0) return links[i];
    }
    return null;
  }
  function withMode(href) {
    var url = new URL(href, location.href);
    url.searchParams.set("mode", "present");
    return url.href;
  }
  function step(delta) {
    var all = rows(), current = document.querySelector(".pufa-present-current"), index = all.indexOf(current);
    var next = Math.max(0, Math.min(all.length - 1, index + delta));
    if (current) current.classList.remove("pufa-present-current");
    all[next].classList.add("pufa-present-current");
    all[next].scrollIntoView({ block: "center" });
  }
  function enter() {
    document.documentElement.classList.add("pufa-present");
    var url = new URL(location.href);
    if (url.searchParams.get("mode") !== "present") { url.searchParams.set("mode", "present"); history.replaceState(null, "", url.href); }
    if (!document.querySelector(".pufa-present-current") && rows().length) step(0);
  }
  function leave() {
    document.documentElement.classList.remove("pufa-present");
    var url = new URL(location.href);
    url.searchParams.delete("mode");
    history.replaceState(null, "", url.href);
  }
  function setUp() {
    if (!rows().length || document.querySelector("[data-pufa-present]")) return;
    var copy = document.querySelector("[data-pufa-copy]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button pufa-present-button";
    button.setAttribute("data-pufa-present", "");
    button.textContent = "投影";
    button.addEventListener("click", enter);
    if (copy && copy.parentNode) copy.parentNode.insertBefore(button, copy);
    document.addEventListener("keydown", function (event) {
      if (!document.documentElement.classList.contains("pufa-present")) return;
      if (event.key === "Escape") { leave(); return; }
      var next = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (next) { event.preventDefault(); step(next); return; }
      var link = event.key === "PageDown" ? pagerLink("下一条") : event.key === "PageUp" ? pagerLink("上一条") : null;
      if (link) { event.preventDefault(); location.href = withMode(link.getAttribute("href")); }
    });
    if (new URLSearchParams(location.search).get("mode") === "present") enter();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
