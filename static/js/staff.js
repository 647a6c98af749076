// Staff pages: confirm irreversible actions; add petitioner rows on the registration form.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("add-petitioner");
  if (!button) return;
  button.addEventListener("click", () => {
    const total = document.getElementById("id_p-TOTAL_FORMS");
    const index = Number(total.value);
    const html = document.getElementById("petitioner-template").innerHTML.replaceAll("__prefix__", index);
    button.insertAdjacentHTML("beforebegin", html);
    total.value = index + 1;
  });
});

// A known petitioner found by ID number: fill their name and address if still empty.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target.id !== "history") return;
  const found = event.detail.target.querySelector("[data-petitioner-name]");
  const source = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!found || !source) return;
  const fieldset = source.closest("fieldset");
  for (const [suffix, value] of [["name", found.dataset.petitionerName], ["address", found.dataset.petitionerAddress]]) {
    const input = fieldset && fieldset.querySelector(`input[name$="-${suffix}"]`);
    if (input && !input.value && value) input.value = value;
  }
});

// A suggested category chosen with one click.
document.addEventListener("click", (event) => {
  const chip = event.target.closest("[data-set-category]");
  if (!chip) return;
  const select = document.getElementById("id_category");
  if (select) select.value = chip.dataset.setCategory;
});
