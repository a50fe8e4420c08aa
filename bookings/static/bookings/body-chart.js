// The body chart: tapping a region on the figure ticks or unticks its "treated" box in the
// table below, which stays the form's real control (and the only one without JavaScript).
(function () {
  "use strict";
  document.querySelectorAll(".body-figure .region[data-treated]").forEach(function (region) {
    var box = document.getElementById(region.getAttribute("data-treated"));
    if (!box || box.disabled) { return; }
    region.addEventListener("click", function () {
      box.checked = !box.checked;
      region.classList.toggle("is-treated", box.checked);
    });
    box.addEventListener("change", function () {
      region.classList.toggle("is-treated", box.checked);
    });
  });
}());
