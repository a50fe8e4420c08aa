// select2, which Django's admin uses for searchable choices, renders the chosen value in an
// element with role="textbox" and no name; give it the field's label so screen readers say
// what the box is for. select2 builds that element after the page loads, so watch for it.
"use strict";
(function () {
  function labelSearchBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = document.querySelector('label[for="' + select.id + '"]');
      const rendered = document.getElementById("select2-" + select.id + "-container");
      if (label && rendered && !rendered.hasAttribute("aria-label")) {
        rendered.setAttribute("aria-label", label.textContent.replace(/:$/, "").trim());
      }
    });
  }
  new MutationObserver(labelSearchBoxes).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
