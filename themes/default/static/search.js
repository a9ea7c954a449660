// Starts Pagefind's UI on the search page; result links honour the site's base path.
// The page is readable without this: it only adds the search box.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box) return;
  if (typeof PagefindUI === "undefined") {
    box.textContent = "Search is not available in this build.";
    return;
  }
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, baseUrl: box.dataset.base });
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
});
