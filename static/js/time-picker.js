// The time picker's summary: once a time is chosen it reads "You chose Wednesday, December 2
// at 10:00 a.m.", so the client sees the day and time together before continuing. Without
// JavaScript the summary stays hidden and the chosen radio is marked by its style alone.
(function () {
  "use strict";
  document.querySelectorAll(".time-form").forEach(function (form) {
    var summary = form.querySelector(".time-summary");
    var day = form.querySelector(".time-parts").dataset.day;
    form.addEventListener("change", function (event) {
      if (event.target.name !== "starts_at") return;
      var time = event.target.closest("label").textContent.trim();
      summary.hidden = false;
      summary.textContent = "You chose " + day + " at " + time + " (Toronto time).";
    });
  });
})();
