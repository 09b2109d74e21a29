// Progressive enhancement only: without this file the "Haut de page" link is a plain
// anchor to #top that stays at the foot of the viewport on long pages.
(function () {
  "use strict";
  var link = document.querySelector(".back-to-top");
  if (!link) {
    return;
  }
  function update() {
    // Near the top of the page the link would only add noise.
    link.classList.toggle("is-hidden", window.scrollY < window.innerHeight / 2);
  }
  window.addEventListener("scroll", update, { passive: true });
  update();
  link.addEventListener("click", function () {
    // Send keyboard focus back to the top too, not just the scroll position.
    var top = document.getElementById("top");
    if (top) {
      top.setAttribute("tabindex", "-1");
      top.focus({ preventScroll: true });
    }
  });
})();
