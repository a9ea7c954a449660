// Starts Pagefind's UI on the search page; result links honour the site's base path.
// The index is in shards (pagefind/shards.json lists them, newest first): the newest is
// opened and the others merged into it. The page is readable without this script.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box) return;
  function unavailable() {
    box.textContent = box.dataset.unavailable || "Search is not available in this build.";
  }
  if (typeof PagefindUI === "undefined") return unavailable();
  fetch(box.dataset.shards)
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (manifest) { start(manifest.bundles); })
    .catch(unavailable);

  function start(bundles) {
    if (!bundles || !bundles.length) return unavailable();
    var folder = box.dataset.shards.replace(/shards\.json$/, "");
    new PagefindUI({
      element: "#search",
      bundlePath: folder + bundles[0],
      mergeIndex: bundles.slice(1).map(function (name) { return { bundlePath: folder + name }; }),
      showSubResults: true,
      showImages: false,
      baseUrl: box.dataset.base,
    });
    // Pagefind labels its box only with a placeholder: give it a visible label of its own.
    var input = box.querySelector("input");
    if (input && !input.id) {
      input.id = "search-input";
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.className = "search-label";
      label.textContent = box.dataset.label || "Search the stories";
      box.insertBefore(label, box.firstChild);
    }
  }
});
