// Small progressive enhancements of the server-rendered pages (the CSP allows only scripts from
// 'self', so no inline handlers). Everything works without it.
document.addEventListener("change", (event) => {
  const field = event.target;
  // filters apply as they are chosen (selects and checkboxes; text search on Enter or the button)
  const form = field.closest("form.js-autosubmit, form[data-autosubmit]");
  if (form && (field.tagName === "SELECT" || field.type === "checkbox")) {
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }
});
