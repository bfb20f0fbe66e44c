// The Print control (templates/includes/print_control.html): a link to the page's print-ready view
// (?print=1) that works without JavaScript; with it, the link opens the print dialog for this page.
document.addEventListener("click", function (event) {
  var control = event.target.closest ? event.target.closest("[data-print-control]") : null;
  if (!control || typeof window.print !== "function") {
    return;
  }
  event.preventDefault();
  window.print();
});
