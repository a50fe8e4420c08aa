// A form marked data-submit-once sends once: a second click while the first request is on its
// way is ignored, and the button says it is busy. The button is not `disabled`, since a
// disabled button's name and value (confirm=1) would be left out of the request. The server
// also lands a repeated request on the same confirmation (its submission key), so this only
// spares the client a confusing wait.
(function () {
  "use strict";
  function reset(form) {
    delete form.dataset.submitted;
    form.querySelectorAll("[data-busy-label]").forEach(function (button) {
      if (button.dataset.idleLabel) button.textContent = button.dataset.idleLabel;
      button.removeAttribute("aria-disabled");
    });
  }
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.submitted) {
        event.preventDefault();
        return;
      }
      form.dataset.submitted = "1";
      var button = event.submitter;
      if (button && button.dataset.busyLabel) {
        button.dataset.idleLabel = button.textContent;
        button.textContent = button.dataset.busyLabel;
        button.setAttribute("aria-disabled", "true");
      }
    });
  });
  // Back to a page kept in the browser's cache: the form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[data-submit-once]").forEach(reset);
  });
})();
