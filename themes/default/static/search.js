// Starts Pagefind's UI on the search page; result links honour the site's base path.
window.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  if (!box) return;
  if (typeof PagefindUI === "undefined") {
    box.textContent = "Search is not available in this build.";
    return;
  }
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, baseUrl: box.dataset.base });
});
