// Optional: "Copier" buttons for citations. The page works fully without this script.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var panel = button.closest("section");
    var status = panel ? panel.querySelector(".copy-status") : null;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        document.querySelectorAll("button.copy.copied").forEach(function (b) {
          b.classList.remove("copied");
          b.firstChild.textContent = "Copier";
        });
        button.classList.add("copied");
        button.firstChild.textContent = "Copié";
        // A live region, so that a screen reader announces the copy.
        if (status) status.textContent = "Copié";
      });
    });
  });
});
