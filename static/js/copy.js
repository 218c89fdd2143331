// Copy buttons: <button data-copy-from="ID" data-copy-status="ID" hidden> copies the value of
// the field ID to the clipboard and says so in the status element (role="status"). The button
// is hidden in the HTML and shown here, so without JavaScript nobody sees a button that does
// nothing: the field is still there to select and copy by hand.
(function () {
  "use strict";

  function say(status, text) {
    if (!status) return;
    status.textContent = "";
    // A fresh text each time, so a screen reader announces a second copy too.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function setUp(button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field) return;
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { say(status, "Copied. Paste it into your website's page."); };
      var failed = function () {
        field.focus();
        field.select();
        say(status, "Your browser did not let us copy it: the HTML is selected, copy it with Ctrl+C (⌘C on a Mac).");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (copyBySelection(field)) { done(); } else { failed(); }
        });
      } else if (copyBySelection(field)) {
        done();
      } else {
        failed();
      }
    });
  }

  function start() {
    document.querySelectorAll("button[data-copy-from]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
