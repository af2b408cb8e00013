// Comment on a selected passage: select words in the text, press "Commenter ce passage".
// Without this script the comment form still takes a passage typed or pasted by hand.
(function () {
  "use strict";
  var button = document.getElementById("comment-selection");
  var form = document.querySelector("form.comment-form");
  if (!button || !form) { return; }
  var chosen = null;

  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return null; }
    var text = selection.toString().replace(/\s+/g, " ").trim();
    var start = selection.getRangeAt(0).startContainer;
    var body = (start.nodeType === 1 ? start : start.parentElement).closest(".section-body");
    if (!text || !body || !body.contains(selection.getRangeAt(0).endContainer)) { return null; }
    return { quote: text, where: body.dataset.language + "/" + body.dataset.section };
  }

  function follow() {
    chosen = selectedPassage();
    button.hidden = chosen === null;
  }

  document.addEventListener("selectionchange", follow);
  button.addEventListener("mousedown", function (event) { event.preventDefault(); });
  button.addEventListener("click", function () {
    if (!chosen) { return; }
    form.querySelector("details.passage").open = true;
    form.querySelector("[name=quote]").value = chosen.quote;
    form.querySelector("[name=where]").value = chosen.where;
    button.hidden = true;
    var body = form.querySelector("[name=body]");
    body.scrollIntoView({ block: "center" });
    body.focus();
  });
})();
