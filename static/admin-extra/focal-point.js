/* Image admin: click the picture to place the focal point (an external file: the site's CSP
   refuses inline scripts). Without this script the two number fields still work. */
"use strict";
(function () {
  function setup() {
    const picker = document.querySelector(".focal-picker");
    const inputX = document.getElementById("id_focal_x");
    const inputY = document.getElementById("id_focal_y");
    if (!picker || !inputX || !inputY) return;
    const picture = picker.querySelector(".focal-picture");
    const marker = picker.querySelector(".focal-marker");

    function show() {
      const x = parseFloat(inputX.value);
      const y = parseFloat(inputY.value);
      if (Number.isNaN(x) || Number.isNaN(y)) { marker.hidden = true; return; }
      // CSSOM writes, not style attributes: allowed under the strict style-src.
      marker.style.left = (Math.min(Math.max(x, 0), 1) * 100) + "%";
      marker.style.top = (Math.min(Math.max(y, 0), 1) * 100) + "%";
      marker.hidden = false;
    }

    picture.addEventListener("click", function (event) {
      const box = picture.getBoundingClientRect();
      const round = (value) => Math.round(Math.min(Math.max(value, 0), 1) * 1000) / 1000;
      inputX.value = round((event.clientX - box.left) / box.width);
      inputY.value = round((event.clientY - box.top) / box.height);
      show();
    });
    inputX.addEventListener("input", show);
    inputY.addEventListener("input", show);
    picker.classList.add("is-active");
    show();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
