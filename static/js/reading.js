// The second reading's page: words selected in one part of the letter are put in the comment
// form (its part and "the words you comment on"), and a status line says so. Without
// JavaScript the reader chooses the part and copies the words into the form by hand.
(function () {
  "use strict";

  var form = document.getElementById("reading-comment-form");
  if (!form) return;
  var part = form.querySelector("[name=part]");
  var quote = form.querySelector("[name=quote]");
  var status = document.getElementById("reading-selection-status");

  function partOf(node) {
    while (node && node !== document.body) {
      if (node.nodeType === 1 && node.hasAttribute("data-part")) return node;
      node = node.parentNode;
    }
    return null;
  }

  function taken() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    var text = selection.toString().trim();
    var where = partOf(selection.anchorNode);
    if (!text || !where || where !== partOf(selection.focusNode)) return;
    part.value = where.getAttribute("data-part");
    quote.value = text;
    if (status) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = "The words you selected are in the comment form, on " + where.getAttribute("data-label") + ".";
      }, 50);
    }
  }

  document.addEventListener("mouseup", taken);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) taken();
  });
})();
