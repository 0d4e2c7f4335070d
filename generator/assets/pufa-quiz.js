// pufa: 学法测试. The question bank (data/ceshi.js, the same records as data/ceshi.json) is rendered as a form of
// native radio buttons and checkboxes; each input's value is the option's index in the bank. A paper is chosen by
// audience and length, or fixed by ?paper=<seed> so that a whole training room gets the same questions in the same
// order. Scoring, explanations, links to the cited articles, a review of wrong answers and the best score
// (localStorage) all happen here, offline and from file://.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script ? script.src.replace(/assets\/pufa\/pufa-quiz\.js(\?.*)?$/, "") : "";
  var KINDS = { single: "单选", multiple: "多选", judge: "判断" };
  var LETTERS = "ABCDEF";
  var current = [];

  function hash(text) {  // FNV-1a: the same seed text gives the same number everywhere
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }
  function random(seed) {  // mulberry32
    return function () {
      seed = (seed + 0x6D2B79F5) >>> 0;
      var t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function shuffled(list, next) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1)), swap = copy[i];
      copy[i] = copy[j]; copy[j] = swap;
    }
    return copy;
  }

  function paper(audience, length, seed) {
    var pool = window.PUFA_QUIZ.filter(function (q) { return q.audience === audience; });
    var next = seed ? random(hash(seed + "|" + audience + "|" + length)) : Math.random;
    var order = shuffled(pool, next);
    return length === "all" ? order : order.slice(0, parseInt(length, 10));
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(form, questions) {
    form.textContent = "";
    questions.forEach(function (q, number) {
      var box = element("fieldset", "pufa-quiz-q");
      box.setAttribute("data-id", q.id);
      box.appendChild(element("legend", "", (number + 1) + ". " + q.stem + "（" + KINDS[q.type] + "）"));
      q.options.forEach(function (option, index) {
        var label = element("label", "pufa-quiz-option"), input = document.createElement("input");
        input.type = q.type === "multiple" ? "checkbox" : "radio";
        input.name = "q-" + q.id;
        input.value = String(index);
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + (q.type === "judge" ? option : LETTERS[index] + ". " + option)));
        box.appendChild(label);
      });
      var feedback = element("div", "pufa-quiz-feedback");
      feedback.hidden = true;
      box.appendChild(feedback);
      form.appendChild(box);
    });
    var submit = element("button", "md-button md-button--primary", "交卷");
    submit.type = "submit";
    submit.id = "pufa-quiz-submit";
    form.appendChild(submit);
    form.hidden = false;
  }

  function chosen(form, q) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='q-" + q.id + "']:checked"))
      .map(function (input) { return parseInt(input.value, 10); }).sort();
  }

  function answerText(q) {
    return q.answer.map(function (i) { return q.type === "judge" ? q.options[i] : LETTERS[i]; }).join("");
  }

  function grade(form, settings) {
    var right = 0;
    current.forEach(function (q) {
      var box = form.querySelector(".pufa-quiz-q[data-id='" + q.id + "']"), feedback = box.querySelector(".pufa-quiz-feedback");
      var ok = chosen(form, q).join(",") === q.answer.slice().sort().join(",");
      if (ok) right++;
      box.classList.toggle("pufa-quiz-q--right", ok);
      box.classList.toggle("pufa-quiz-q--wrong", !ok);
      feedback.textContent = "";
      feedback.appendChild(element("p", "pufa-quiz-verdict", ok ? "✓ 回答正确" : "✗ 回答错误，正确答案：" + answerText(q)));
      feedback.appendChild(element("p", "pufa-quiz-explanation", q.explanation));
      var basis = element("p", "pufa-quiz-basis", "依据：");
      q.articles.forEach(function (a, i) {
        var link = element("a", "", a.label);
        link.href = base + a.url;
        if (i) basis.appendChild(document.createTextNode("、"));
        basis.appendChild(link);
      });
      feedback.appendChild(basis);
      feedback.hidden = false;
    });
    var key = "pufa-quiz-best:" + settings.audience + ":" + settings.length + ":" + (settings.seed || "");
    var best = null;
    try {
      best = JSON.parse(localStorage.getItem(key) || "null");
      if (!best || right / current.length > best[0] / best[1]) {
        best = [right, current.length];
        localStorage.setItem(key, JSON.stringify(best));
      }
    } catch (error) { best = [right, current.length]; }
    document.getElementById("pufa-quiz-score").textContent = "得分 " + right + "/" + current.length +
      "（本卷最好成绩 " + best[0] + "/" + best[1] + "）";
    document.getElementById("pufa-quiz-review").hidden = right === current.length;
    document.getElementById("pufa-quiz-again").hidden = false;
  }

  function printKey(questions) {
    var key = document.getElementById("pufa-quiz-key");
    key.textContent = "";
    key.appendChild(element("h2", "", "参考答案"));
    var list = element("ol", "");
    questions.forEach(function (q) { list.appendChild(element("li", "", answerText(q) + "　" + q.explanation)); });
    key.appendChild(list);
  }

  function settingsFrom(setup) {
    var audience = setup.querySelector("input[name=audience]:checked"), length = setup.querySelector("input[name=length]:checked");
    return { audience: audience ? audience.value : "公众", length: length ? length.value : "10",
             seed: (setup.querySelector("input[name=paper]").value || "").trim() };
  }

  function start(settings) {
    var form = document.getElementById("pufa-quiz");
    current = paper(settings.audience, settings.length, settings.seed);
    render(form, current);
    printKey(current);
    document.getElementById("pufa-quiz-score").textContent = "共 " + current.length + " 题" +
      (settings.seed ? "（固定试卷 " + settings.seed + "）" : "") + "，答完点“交卷”。";
    var link = document.getElementById("pufa-quiz-link");
    if (settings.seed) {
      var url = location.href.split("?")[0] + "?paper=" + encodeURIComponent(settings.seed) + "&audience=" +
        encodeURIComponent(settings.audience) + "&n=" + encodeURIComponent(settings.length);
      link.textContent = "本卷链接：" + url;
      link.hidden = false;
    } else { link.hidden = true; }
    document.getElementById("pufa-quiz-print").hidden = false;
    document.getElementById("pufa-quiz-review").hidden = true;
    document.getElementById("pufa-quiz-again").hidden = true;
    form.onsubmit = function (event) { event.preventDefault(); grade(form, settings); };
    var first = form.querySelector("input");
    if (first) first.focus();
  }

  function setUp() {
    var setup = document.getElementById("pufa-quiz-setup");
    if (!setup || !window.PUFA_QUIZ || setup.getAttribute("data-bound")) return;
    setup.setAttribute("data-bound", "1");
    setup.hidden = false;
    var params = new URLSearchParams(location.search);
    if (params.get("audience")) {
      var audience = setup.querySelector("input[name=audience][value='" + params.get("audience") + "']");
      if (audience) audience.checked = true;
    }
    if (params.get("n")) {
      var length = setup.querySelector("input[name=length][value='" + params.get("n") + "']");
      if (length) length.checked = true;
    }
    if (params.get("paper")) setup.querySelector("input[name=paper]").value = params.get("paper");
    document.getElementById("pufa-quiz-start").addEventListener("click", function () { start(settingsFrom(setup)); });
    document.getElementById("pufa-quiz-print").addEventListener("click", function () { window.print(); });
    document.getElementById("pufa-quiz-review").addEventListener("click", function () {
      var form = document.getElementById("pufa-quiz"), only = !form.classList.contains("pufa-quiz--review");
      form.classList.toggle("pufa-quiz--review", only);
      this.textContent = only ? "显示全部题目" : "只看答错的题";
    });
    document.getElementById("pufa-quiz-again").addEventListener("click", function () { start(settingsFrom(setup)); });
    if (params.get("paper")) start(settingsFrom(setup));
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUp);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
