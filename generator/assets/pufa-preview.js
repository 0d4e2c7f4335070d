// pufa: previews of cited provisions. Hovering or focusing a link to an article (第三十一条第六项) shows the cited
// text in a popover (role="tooltip"); on a touch screen the first tap shows it and a second tap follows the link;
// Esc closes it. The texts come from data/<slug>.js, loaded on first use (a script, so it works from file://).
// The popover floats over the page: nothing moves when it opens.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/pufa\/pufa-preview\.js(\?.*)?$/, "") : "";
  var PAGE = /\/tiaoli\/([a-z0-9]+(?:-[a-z0-9]+)*)\/([0-9]+(?:-[0-9]+)?)\/(?:index\.html)?$/;
  var OVERVIEW = /\/tiaoli\/([a-z0-9]+(?:-[a-z0-9]+)*)\/(?:index\.html)?$/;
  var ANCHOR = /^art-([0-9]+(?:-[0-9]+)?)(?:-p([0-9]+)(?:-i([0-9]+))?)?$/;
  var loading = Object.create(null), popover = null, shown = null, timer = null, armed = null, touching = false;

  // What a link cites: {slug, article, paragraph, item}, or null for any other link.
  function cited(link) {
    var url;
    try { url = new URL(link.getAttribute("href"), location.href); } catch (error) { return null; }
    if (url.origin !== location.origin && url.protocol !== "file:") return null;
    var page = PAGE.exec(url.pathname), overview = page ? null : OVERVIEW.exec(url.pathname);
    var anchor = ANCHOR.exec(url.hash.slice(1));
    if (page) return { slug: page[1], article: page[2], paragraph: anchor && anchor[2], item: anchor && anchor[3] };
    if (overview && anchor) return { slug: overview[1], article: anchor[1], paragraph: anchor[2], item: anchor[3] };
    return null;
  }

  function load(slug, done) {
    window.PUFA_TEXTS = window.PUFA_TEXTS || {};
    if (window.PUFA_TEXTS[slug]) { done(); return; }
    if (loading[slug]) { loading[slug].push(done); return; }
    loading[slug] = [done];
    var tag = document.createElement("script");
    tag.src = base + "data/" + slug + ".js";
    tag.onload = function () { var list = loading[slug]; loading[slug] = null; list.forEach(function (f) { f(); }); };
    document.head.appendChild(tag);
  }

  // [heading, lines] of the cited article, paragraph or item.
  function text(target) {
    var data = window.PUFA_TEXTS[target.slug], article = data && data.articles[target.article];
    if (!article) return null;
    var paragraphs = article[1], heading = "《" + data.title + "》" + article[0], lines = [];
    paragraphs.forEach(function (paragraph, p) {
      if (target.paragraph && +target.paragraph !== p + 1) return;
      if (target.item) {
        var item = paragraph[1][+target.item - 1];
        if (item) lines.push(item);
        return;
      }
      lines.push(paragraph[0]);
      paragraph[1].forEach(function (item) { lines.push(item); });
    });
    return lines.length ? [heading, lines] : null;
  }

  function place(link) {
    var box = link.getBoundingClientRect(), width = Math.min(480, document.documentElement.clientWidth - 16);
    popover.style.width = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function show(link) {
    var target = cited(link);
    if (!target) return;
    load(target.slug, function () {
      var found = text(target);
      if (!found) return;
      if (!popover) {
        popover = document.createElement("div");
        popover.id = "pufa-preview";
        popover.className = "pufa-preview";
        popover.setAttribute("role", "tooltip");
        popover.addEventListener("mouseenter", function () { clearTimeout(timer); });
        popover.addEventListener("mouseleave", function () { hideSoon(); });
        document.body.appendChild(popover);
      }
      popover.textContent = "";
      var heading = document.createElement("strong");
      heading.textContent = found[0];
      popover.appendChild(heading);
      found[1].forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        popover.appendChild(p);
      });
      popover.hidden = false;
      place(link);
      if (shown && shown !== link) shown.removeAttribute("aria-describedby");
      link.setAttribute("aria-describedby", popover.id);
      shown = link;
    });
  }

  function hide() {
    clearTimeout(timer);
    if (popover) popover.hidden = true;
    if (shown) shown.removeAttribute("aria-describedby");
    shown = null;
    armed = null;
  }
  function hideSoon() { clearTimeout(timer); timer = setTimeout(hide, 250); }

  function previewLink(node) {
    var link = node && node.closest ? node.closest("article a[href]") : null;
    return link && !link.classList.contains("headerlink") && !link.classList.contains("pufa-anchor") && cited(link) ? link : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = previewLink(event.target);
    if (!link || touching) return;
    clearTimeout(timer);
    timer = setTimeout(function () { show(link); }, 150);
  });
  document.addEventListener("mouseout", function (event) { if (previewLink(event.target)) hideSoon(); });
  document.addEventListener("focusin", function (event) { var link = previewLink(event.target); if (link) show(link); });
  document.addEventListener("focusout", function (event) { if (previewLink(event.target)) hideSoon(); });
  document.addEventListener("touchstart", function () { touching = true; }, { passive: true });
  document.addEventListener("click", function (event) {
    var link = previewLink(event.target);
    if (!touching) return;
    if (!link) { if (popover && !popover.contains(event.target)) hide(); return; }
    if (armed === link) return;  // the second tap follows the link
    event.preventDefault();
    armed = link;
    show(link);
  }, true);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();
