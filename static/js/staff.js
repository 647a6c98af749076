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
