// The consent page's signature box: signature_pad (vendored) draws with a finger, a stylus or
// a mouse; the drawing is sent as a PNG in the hidden `signature` field. Without JavaScript the
// box stays empty and the client types their full name instead.
(function () {
  "use strict";
  var canvas = document.querySelector("canvas.signature-pad");
  var field = document.querySelector('input[name="signature"]');
  if (!canvas || !field || typeof SignaturePad === "undefined") { return; }
  var pad = new SignaturePad(canvas, { penColor: "#0d2f33" });
  function fit() {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var kept = pad.toData();
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
    pad.fromData(kept);
  }
  window.addEventListener("resize", fit);
  fit();
  if (field.value) { pad.fromDataURL(field.value); }
  pad.addEventListener("endStroke", function () { field.value = pad.toDataURL("image/png"); });
  document.querySelector(".signature-clear").addEventListener("click", function () {
    pad.clear();
    field.value = "";
  });
}());
