// readout web UI: the only script. Highlights every piece of a split annotation when one
// piece is hovered (pieces of one highlight share the same link target).
document.addEventListener("mouseover", function (ev) {
  var t = ev.target.closest ? ev.target.closest(".article-text a[href]") : null;
  document.querySelectorAll(".article-text .hover").forEach(function (el) {
    el.classList.remove("hover");
  });
  if (!t) return;
  var href = t.getAttribute("href");
  document.querySelectorAll(".article-text a[href]").forEach(function (el) {
    if (el.getAttribute("href") === href) el.classList.add("hover");
  });
});
