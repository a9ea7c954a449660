// Broadsheet's search page. search/index.json names the index's files; a query fetches only
// the word files its words are in, then the files of the results it shows. `terms` cuts text
// into words by the rule of builder/searchwords.py (the two must agree). The page is readable
// without this script.
(function () {
  "use strict";
  var FOLDED = /[\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670]/g;
  var SPACELESS =
    "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}" + // Han
    "\u3041-\u309f\u30a0-\u30ff\uff66-\uff9f" + // kana
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"; // Thai, Lao, Myanmar, Khmer
  var WORDS = /[\p{L}\p{N}\p{M}]+/gu;
  var RUNS = new RegExp("[" + SPACELESS + "]+|[^" + SPACELESS + "]+", "gu");
  var SPACELESS_CHAR = new RegExp("^[" + SPACELESS + "]", "u");
  var PER_PAGE = 10;
  var MAX_PREFIX_FILES = 3; // a shorter prefix than this spans matches only whole words

  // What a query asks for: a list of needs, each a word every result must hold; `prefix`
  // needs match the words that start with them (the text being typed, a word's stem).
  function needs(text) {
    var folded = text.normalize("NFKD").replace(FOLDED, "").normalize("NFC").toLowerCase();
    var found = [];
    (folded.match(WORDS) || []).forEach(function (word) {
      (word.match(RUNS) || []).forEach(function (run) {
        var chars = Array.from(run);
        if (!SPACELESS_CHAR.test(run) || chars.length === 1) {
          found.push({ word: run, prefix: true });
          return;
        }
        for (var i = 0; i + 1 < chars.length; i++) {
          found.push({ word: chars[i] + chars[i + 1], prefix: false });
        }
      });
    });
    return found;
  }

  function Index(folder, meta) {
    this.folder = folder;
    this.meta = meta;
    this.files = {};
  }
  Index.prototype.fetch = function (name) {
    if (!this.files[name]) {
      this.files[name] = fetch(this.folder + name + ".json").then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    return this.files[name];
  };
  // The word files that may hold `need`: the one its word sorts into, and for a prefix the
  // ones after it while their first word still starts with it.
  Index.prototype.filesFor = function (need) {
    var firsts = this.meta.words;
    var low = 0;
    var high = firsts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= need.word) low = middle;
      else high = middle - 1;
    }
    var picked = [this.meta.files[low]];
    if (!need.prefix) return picked;
    for (var next = low + 1; next < firsts.length; next++) {
      if (firsts[next].lastIndexOf(need.word, 0) !== 0) break;
      if (picked.length === MAX_PREFIX_FILES) return picked.slice(0, 1);
      picked.push(this.meta.files[next]);
    }
    return picked;
  };
  // Each article holding `need`, with a score: the whole word counts more than a longer
  // word it starts, a word in the title more than one in the text.
  Index.prototype.match = function (need) {
    return Promise.all(this.filesFor(need).map(this.fetch, this)).then(function (files) {
      var scores = new Map();
      files.forEach(function (file) {
        file[0].forEach(function (word, position) {
          var whole = word === need.word;
          if (!whole && !(need.prefix && word.lastIndexOf(need.word, 0) === 0)) return;
          var value = 0;
          file[1][position].forEach(function (delta) {
            value += delta;
            var id = value >> 1;
            var score = (whole ? 2 : 1) * (value & 1 ? 3 : 1);
            if (!(scores.get(id) >= score)) scores.set(id, score);
          });
        });
      });
      return scores;
    });
  };
  // The articles holding every need, best first, then newest first.
  Index.prototype.search = function (text) {
    var wanted = needs(text);
    if (!wanted.length) return Promise.resolve([]);
    return Promise.all(wanted.map(this.match, this)).then(function (all) {
      all.sort(function (a, b) { return a.size - b.size; });
      var results = [];
      all[0].forEach(function (score, id) {
        for (var i = 1; i < all.length; i++) {
          if (!all[i].has(id)) return;
          score += all[i].get(id);
        }
        results.push({ id: id, score: score });
      });
      return results.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
    });
  };
  Index.prototype.record = function (id) {
    var per = this.meta.per;
    return this.fetch(this.meta.docs[Math.floor(id / per)]).then(function (records) {
      return records[id % per];
    });
  };

  function start(box, index) {
    var label = document.createElement("label");
    var input = document.createElement("input");
    var status = document.createElement("p");
    var list = document.createElement("ol");
    var more = document.createElement("button");
    label.htmlFor = input.id = "search-input";
    label.className = "search-label";
    label.textContent = box.dataset.label;
    input.type = "search";
    input.autocomplete = "off";
    input.className = "search-input";
    status.className = "search-status";
    status.setAttribute("role", "status");
    list.className = "search-results";
    more.type = "button";
    more.className = "search-more";
    more.textContent = box.dataset.more;
    more.hidden = true;
    box.replaceChildren(label, input, status, list, more);

    var results = [];
    var shown = 0;
    var asked = 0;
    function show() {
      var batch = results.slice(shown, shown + PER_PAGE);
      shown += batch.length;
      more.hidden = shown >= results.length;
      var query = asked;
      return Promise.all(batch.map(function (hit) { return index.record(hit.id); })).then(
        function (records) {
          if (query !== asked) return;
          records.forEach(function (record) { list.appendChild(item(record, input.value)); });
        }
      );
    }
    function run() {
      var query = ++asked;
      var text = input.value.trim();
      if (!text) {
        results = [];
        list.replaceChildren();
        status.textContent = "";
        more.hidden = true;
        return;
      }
      index.search(text).then(function (found) {
        if (query !== asked) return;
        results = found;
        shown = 0;
        list.replaceChildren();
        status.textContent = found.length
          ? box.dataset.found.replace("%(count)s", found.length.toLocaleString(document.documentElement.lang || undefined))
          : box.dataset.none;
        return show();
      }).catch(function () { status.textContent = box.dataset.unavailable; });
    }
    var timer = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    more.addEventListener("click", show);
    var asked_for = new URLSearchParams(location.search).get("q");
    if (asked_for) {
      input.value = asked_for;
      run();
    }
  }

  function item(record, query) {
    var li = document.createElement("li");
    li.className = "search-result";
    var link = document.createElement("a");
    link.className = "search-result-link";
    link.href = record[0];
    link.textContent = record[1];
    if (record[5]) link.lang = record[5];
    var meta = document.createElement("p");
    meta.className = "search-result-meta";
    var time = document.createElement("time");
    time.dateTime = record[2];
    time.textContent = record[2];
    meta.append(time, record[3] ? " · " + record[3] : "");
    var summary = document.createElement("p");
    summary.className = "search-result-summary";
    if (record[5]) summary.lang = record[5];
    summary.textContent = record[4];
    li.append(link, meta, summary);
    return li;
  }

  window.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("search");
    if (!box || !box.dataset.index) return;
    var address = box.dataset.index;
    fetch(address, { cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (meta) {
        if (meta.v !== 1) throw new Error("index format " + meta.v);
        start(box, new Index(address.replace(/\.json$/, "/"), meta));
      })
      .catch(function () {
        box.textContent = box.dataset.unavailable;
      });
  });
})();
