// Autosave of the answering page: every change is sent as the whole answer of the area with
// the answer's revision the page shows (a hidden input that each save's answer replaces).
// The form's hx-sync queues saves, so each one is based on the revision the last one got;
// the server refuses (409) a save based on an older revision, such as one from another tab,
// and the page says so. A failed save is retried with a growing pause when the network or
// server fails. No clock of this device is used. Without JavaScript the form posts.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form || !window.htmx) return;
  var status = function () { return document.getElementById("save-status"); };
  var retryDelay = 1000;
  var text = {
    saving: form.dataset.saving || "…",
    retrying: form.dataset.retrying || "Not saved, retrying…",
  };

  function say(message, kind) {
    var element = status();
    if (!element) return;
    element.textContent = "";
    var span = document.createElement("span");
    span.className = kind ? "text-" + kind : "";
    span.textContent = message;
    element.appendChild(span);
  }

  form.addEventListener("htmx:beforeRequest", function () { say(text.saving, "body-secondary"); });
  form.addEventListener("htmx:beforeSwap", function (event) {
    // A refusal (bad input, a locked assessment, a newer save from another tab) carries its
    // message: show it, do not retry.
    var code = event.detail.xhr.status;
    if (code === 400 || code === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Each answer replaces the errors beside the fields (out of band, never the form itself, so
  // what is typed meanwhile stays); the fields follow them.
  function markInvalid() {
    form.querySelectorAll("[data-errors-for]").forEach(function (errors) {
      var invalid = errors.textContent.trim() !== "";
      form.querySelectorAll("[name='" + errors.dataset.errorsFor + "']").forEach(function (field) {
        field.classList.toggle("is-invalid", invalid);
        if (invalid) field.setAttribute("aria-invalid", "true");
        else field.removeAttribute("aria-invalid");
      });
    });
  }
  form.addEventListener("htmx:afterRequest", function (event) {
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    markInvalid();
    if (event.detail.successful || code === 400 || code === 409) {
      retryDelay = 1000;
      return;
    }
    say(text.retrying, "danger");
    setTimeout(function () { htmx.trigger(form, "retry"); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  });
  // The comment's length against its limit, counted as the server does (code points, a line
  // break as one): a longer comment is refused with a message, never cut.
  var comment = document.getElementById("id_comment");
  var counter = document.getElementById("comment-count");
  if (comment && counter) {
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var limit = Number(counter.dataset.limit);
    var count = function () {
      var length = Array.from(comment.value).length;
      var over = length > limit;
      counter.textContent = (over ? counter.dataset.over : counter.dataset.count)
        .replace("{count}", numbers.format(length))
        .replace("{limit}", numbers.format(limit));
      counter.classList.toggle("text-danger", over);
    };
    comment.addEventListener("input", count);
    count();
  }
  // Highlight the chosen level's card.
  form.addEventListener("change", function (event) {
    if (event.target.name !== "level") return;
    form.querySelectorAll(".level-choice").forEach(function (card) {
      card.classList.toggle("border-primary", card.contains(event.target));
    });
  });
})();
