/* Progressive disclosure for forms whose fields apply to some choices only: a form with
   data-keuzeveld="<name of a select>" hides every row with data-alleen-bij="<values>" unless the select
   has one of those values. Without script every field shows (their hints say when they apply). A file,
   not an inline script, so a Content-Security-Policy can forbid inline scripts. */
document.querySelectorAll("form[data-keuzeveld]").forEach((form) => {
  const keuze = form.elements[form.dataset.keuzeveld];
  if (!keuze) return;
  const toon = () => form.querySelectorAll("[data-alleen-bij]").forEach((rij) => {
    rij.hidden = !rij.dataset.alleenBij.split(" ").includes(keuze.value);
  });
  keuze.addEventListener("change", toon);
  toon();
});
