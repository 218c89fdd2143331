/* IQM Assessments: the statement library's search from a list's new item (library/_search.html).

   An ARIA 1.2 combobox: a text input (role="combobox") that controls a listbox of statements.
   Typing searches (a short pause after the last key); Down and Up move through the options
   (aria-activedescendant, the focus stays in the input); Enter copies the chosen statement's
   text into the new item's field (data-library-target), puts the focus there and counts the
   use; Escape closes the list (and, when it is closed, clears the input). Clicking an option
   does the same as Enter. Without this script the combobox stays hidden and the link to the
   search page (which inserts with a button) is there instead.
   Loaded by each list's partial (and again by htmx swaps): it sets itself up once. */
(function () {
  "use strict";
  if (window.iqmLibrarySearch) return;
  window.iqmLibrarySearch = true;

  const WAIT_MS = 250;
  const timers = new WeakMap();
  let counter = 0;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function parts(input) {
    const box = input.closest("[data-library-search]");
    return {
      box: box,
      list: document.getElementById(input.getAttribute("aria-controls")),
      status: box.querySelector("[data-library-status]"),
    };
  }

  function options(input) {
    return Array.prototype.slice.call(parts(input).list.querySelectorAll("[role=option]"));
  }

  function close(input) {
    const p = parts(input);
    p.list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(input, option) {
    options(input).forEach(function (o) {
      o.setAttribute("aria-selected", o === option ? "true" : "false");
      o.classList.toggle("active", o === option);
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(input, data) {
    const p = parts(input);
    p.list.textContent = "";
    (data.results || []).forEach(function (result) {
      const li = document.createElement("li");
      counter += 1;
      li.id = input.id + "-option-" + counter;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "list-group-item list-group-item-action";
      li.textContent = result.text;
      li.dataset.useUrl = result.use_url;
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { insert(input, li); });
      p.list.appendChild(li);
    });
    const n = (data.results || []).length;
    if (data.message) {
      p.status.textContent = data.message;
    } else {
      p.status.textContent = n === 0 ? "No statement matches." : n + (n === 1 ? " statement" : " statements") + " found; use the arrow keys to choose, Enter to insert.";
    }
    p.list.hidden = n === 0;
    input.setAttribute("aria-expanded", n === 0 ? "false" : "true");
    choose(input, null);
    p.box.querySelector("[data-library-message]") && p.box.querySelector("[data-library-message]").remove();
    if (data.message) {
      const note = document.createElement("p");
      note.className = "small text-danger mb-0";
      note.dataset.libraryMessage = "";
      note.textContent = data.message;
      p.list.insertAdjacentElement("afterend", note);
    }
  }

  function search(input) {
    const p = parts(input);
    const query = input.value;
    if (!query.trim()) {
      close(input);
      return;
    }
    const url = p.box.dataset.libraryUrl + "&q=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (input.value === query) show(input, data); })
      .catch(function () { parts(input).status.textContent = "The library could not be searched just now."; });
  }

  function insert(input, option) {
    const p = parts(input);
    const field = document.getElementById(p.box.dataset.libraryTarget);
    if (!field || !option) return;
    const text = option.textContent;
    field.value = field.value.trim() ? field.value.replace(/\s+$/, "") + " " + text : text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    close(input);
    input.value = "";
    p.status.textContent = "Inserted. Edit the text, then add it to the list.";
    fetch(option.dataset.useUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    }).catch(function () {});
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }

  function setUp(root) {
    (root || document).querySelectorAll("[data-library-search]").forEach(function (box) {
      const combobox = box.querySelector("[data-library-combobox]");
      const fallback = box.querySelector("[data-library-fallback]");
      if (combobox) combobox.hidden = false;
      if (fallback) fallback.hidden = true;
    });
  }

  document.addEventListener("input", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox" || !input.closest("[data-library-search]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { search(input); }, WAIT_MS));
  });

  document.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox" || !input.closest("[data-library-search]")) return;
    const all = options(input);
    const current = document.getElementById(input.getAttribute("aria-activedescendant") || "");
    const at = all.indexOf(current);
    const open = input.getAttribute("aria-expanded") === "true";
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        if (all.length) {
          parts(input).list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        } else {
          search(input);
        }
        return;
      }
      const next = event.key === "ArrowDown" ? (at + 1) % all.length : (at <= 0 ? all.length - 1 : at - 1);
      choose(input, all[next]);
    } else if (event.key === "Enter") {
      // Never submit the list's form from the search box.
      event.preventDefault();
      if (open && current) insert(input, current);
      else if (open && all.length === 1) insert(input, all[0]);
      else search(input);
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        close(input);
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
      }
    }
  });

  document.addEventListener("focusout", function (event) {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.getAttribute("role") === "combobox" && input.closest("[data-library-search]")) {
      setTimeout(function () { close(input); }, 150);
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
  document.addEventListener("htmx:afterSettle", function () { setUp(document); });
})();
