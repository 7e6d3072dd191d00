// Live count of characters left in the comment field, counted as the server counts:
// Unicode code points after NFC normalisation, a line break as one.
(function () {
  "use strict";
  var field = document.querySelector("textarea[data-max-length]");
  var counter = document.getElementById("comment-counter");
  if (!field || !counter) return;
  var max = parseInt(field.getAttribute("data-max-length"), 10);
  var template = counter.getAttribute("data-template");
  var timer = null;
  function count(text) {
    return Array.from(text.replace(/\r\n?/g, "\n").normalize("NFC").trim()).length;
  }
  function update() {
    var left = max - count(field.value);
    counter.textContent = template.replace("COUNT", String(left));
    counter.classList.toggle("over", left < 0);
  }
  field.addEventListener("input", function () {
    // Update after a short pause so screen readers are not told every keystroke.
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
  update();
})();
