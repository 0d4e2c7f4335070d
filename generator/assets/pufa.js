// pufa: the copy-link button on article pages. No third-party code, no requests.
(function () {
  function setUp() {
    document.querySelectorAll("[data-pufa-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = location.href.split("#")[0];
        navigator.clipboard.writeText(url).then(function () { button.textContent = "已复制链接"; });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUp); }
  else { document.addEventListener("DOMContentLoaded", setUp); }
})();
