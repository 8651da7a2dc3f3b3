// A field to copy (the new API token): a "Copy" button beside it, shown when the browser
// can write to the clipboard, says "Copied" aloud (role=status). Without JavaScript the
// read-only field is still there to select and copy.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copy + "-status");
    if (!field) return;
    field.addEventListener("focus", function () { field.select(); });
    if (!navigator.clipboard || !window.isSecureContext) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = button.dataset.copied;
      });
    });
  });
})();
