// Progressive enhancement only: every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.classList.add("js");
  // Small screens: the navigation and the session links fold under the Menu button.
  for (const toggle of document.querySelectorAll(".menu-toggle")) {
    toggle.addEventListener("click", () => {
      const open = toggle.closest(".topbar").classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form.submit());
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
