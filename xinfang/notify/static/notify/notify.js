// The message badge: each message that pops up arrives (through the badge's poll) as a
// Bootstrap toast in #xf-notify-toasts; show it, and drop it from the page once closed.
(() => {
  const box = document.getElementById("xf-notify-toasts");
  if (!box || !window.bootstrap) return;
  const showNew = () => {
    for (const toast of box.querySelectorAll(".toast:not(.show)")) {
      if (toast.dataset.shown) continue;
      toast.dataset.shown = "1";
      toast.addEventListener("hidden.bs.toast", () => toast.remove());
      bootstrap.Toast.getOrCreateInstance(toast).show();
    }
  };
  new MutationObserver(showNew).observe(box, { childList: true });
})();
