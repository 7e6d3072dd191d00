// Live count of characters left in the comment field, counted as the server counts:
// Unicode code points after NFC normalisation, a line break as one.
(function () {
  "use strict";
  var field = document.querySelector("textarea[data-max-length]");
  var counter = document.getElementById("comment-counter");
  if (!field || !counter) return;
  var max = parseInt(field.getAttribute("data-max-length"), 10);
  var timer = null;
  function count(text) {
    return Array.from(text.replace(/\r\n?/g, "\n").normalize("NFC").trim()).length;
  }
  // The template gives each wording in the singular and the plural (data-left-one,
  // data-over-other, …); Swedish and English take the singular for exactly one.
  function wording(left) {
    var number = Math.abs(left);
    var key = (left < 0 ? "over" : "left") + (number === 1 ? "One" : "Other");
    return counter.dataset[key].replace("COUNT", String(number));
  }
  function update() {
    var left = max - count(field.value);
    counter.textContent = wording(left);
    counter.classList.toggle("over", left < 0);
  }
  field.addEventListener("input", function () {
    // Update after a short pause so screen readers are not told every keystroke.
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  });
  update();
})();
