/* IQM Assessments: the editor's own script. Every page loads it; each part does nothing on a
   page without its markup, and every form it enhances also works without it.

   1. Autosave. A <form data-autosave-url data-autosave-key> saves each of its [data-autosave]
      fields on its own: a couple of seconds after typing stops (at least every ten seconds while
      typing goes on), when the field loses focus, and a checkbox or a radio group as soon as it
      changes. A field is posted under its data-autosave-field name (its name otherwise). The
      form's hidden version input ("version", or "<prefix>-version") carries the version the edit
      started from and is updated after each save. Until the server has the text, it is also kept
      in this browser (localStorage, keyed by assessment/page/field and version), and put back
      into the field when the page is opened again — after signing in again, say — with a banner
      saying it is not saved yet. A save's answer carries the page's status (the sidebar's marks,
      the still-to-do box), which replaces the page's copy. Forms that htmx brings in are
      enhanced too, and an htmx request waits for the saves under way, so it never shows (or
      sends) a version older than the one just saved.
   2. Lists (htmx): error messages, focus after a swap, a fresh CSRF token on every request.
   3. Small things: focus the error summary, hide buttons the script makes unnecessary, warn
      before leaving a page with unsaved text.
*/
(function () {
  "use strict";

  const SAVE_AFTER_MS = 2000;
  const SAVE_AT_LEAST_MS = 10000;
  const KEEP_AFTER_MS = 400;
  const RETRY_AFTER_MS = 5000;
  const PREFIX = "iqm-unsaved:";

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function store() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function storedKeys(prefix) {
    const s = store();
    const keys = [];
    if (!s) return keys;
    for (let i = 0; i < s.length; i += 1) {
      const key = s.key(i);
      if (key && key.indexOf(prefix) === 0) keys.push(key);
    }
    return keys;
  }

  function forget(prefix) {
    const s = store();
    if (s) storedKeys(prefix).forEach(function (key) { s.removeItem(key); });
  }

  function keep(prefix, version, text) {
    const s = store();
    if (!s) return;
    forget(prefix);
    try {
      s.setItem(prefix + "v" + version, JSON.stringify({ text: text, at: Date.now() }));
    } catch (error) {
      /* Storage full or refused: the text is still in the field. */
    }
  }

  function clock(ms) {
    const d = new Date(ms);
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* 1. Autosave --------------------------------------------------------------------------- */

  const fields = [];
  let submitting = false;

  function applyStatus(parts) {
    // The server's fresh copies of the page's status parts, by element id.
    if (!parts) return;
    Object.keys(parts).forEach(function (id) {
      const old = document.getElementById(id);
      if (!old) return;
      const holder = document.createElement("div");
      holder.innerHTML = parts[id]; // rendered and escaped by the server
      const fresh = holder.querySelector("#" + id);
      if (fresh) old.replaceWith(fresh);
    });
  }

  function AutosaveField(form, input) {
    this.form = form;
    this.input = input;
    this.name = input.name;
    this.field = input.dataset.autosaveField || input.name;
    this.url = form.dataset.autosaveUrl;
    this.prefix = PREFIX + form.dataset.autosaveKey + "/" + input.name + ":";
    this.version =
      form.querySelector("input[name=version]") || form.querySelector("input[type=hidden][name$='-version']");
    this.saved = this.initialValue();
    this.timer = null;
    this.keepTimer = null;
    this.firstChange = null;
    this.inFlight = false;
    this.again = false;
    this.paused = false;

    const wrapper =
      (this.isRadio() && input.closest("fieldset")) || input.closest("[id^='div_id_']") || input.parentElement;
    this.status = element("p", "autosave-status small mb-0 mt-1");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.id = "autosave-status-" + this.name;
    wrapper.appendChild(this.status);
    const described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + this.status.id);
    this.conflict = element("div", "autosave-conflict");
    wrapper.parentNode.insertBefore(this.conflict, wrapper);

    const self = this;
    if (this.isRadio()) {
      this.radios().forEach(function (radio) {
        radio.addEventListener("change", function () { self.save(); });
        if (radio !== input) radio.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
      });
    } else if (this.isCheckbox()) {
      input.addEventListener("change", function () { self.save(); });
    } else {
      input.addEventListener("input", function () { self.changed(); });
      input.addEventListener("blur", function () { self.save(); });
    }
    this.restore();
    // Typed before the script reached the field (a form htmx has just brought in), or put
    // back by the browser: not saved yet.
    if (this.dirty() && !this.paused) this.changed();
  }

  AutosaveField.prototype.isRadio = function () {
    return this.input.type === "radio";
  };

  AutosaveField.prototype.isCheckbox = function () {
    // A choice (a checkbox or a radio group): saved when it changes, never kept as text.
    return this.input.type === "checkbox" || this.isRadio();
  };

  AutosaveField.prototype.radios = function () {
    const name = this.name;
    return Array.prototype.filter.call(this.form.elements, function (other) {
      return other.type === "radio" && other.name === name;
    });
  };

  AutosaveField.prototype.initialValue = function () {
    // What the server sent, whatever has been typed since.
    if (this.isRadio()) {
      const given = this.radios().filter(function (radio) { return radio.defaultChecked; })[0];
      return given ? given.value : "";
    }
    if (this.isCheckbox()) return this.input.defaultChecked ? "on" : "";
    return this.input.defaultValue;
  };

  AutosaveField.prototype.value = function () {
    if (this.isRadio()) {
      const checked = this.radios().filter(function (radio) { return radio.checked; })[0];
      return checked ? checked.value : "";
    }
    if (this.isCheckbox()) return this.input.checked ? "on" : "";
    return this.input.value;
  };

  AutosaveField.prototype.setValue = function (value) {
    if (this.isRadio()) {
      this.radios().forEach(function (radio) { radio.checked = radio.value === (value || ""); });
    } else if (this.isCheckbox()) this.input.checked = Boolean(value);
    else this.input.value = value;
  };

  AutosaveField.prototype.attached = function () {
    return document.body.contains(this.input);
  };

  AutosaveField.prototype.dirty = function () {
    return this.value() !== this.saved;
  };

  AutosaveField.prototype.say = function (text, kind, link) {
    this.status.className = "autosave-status small mb-0 mt-1" + (kind ? " autosave-" + kind : "");
    this.status.textContent = text;
    if (link) {
      this.status.appendChild(document.createTextNode(" "));
      const a = element("a", "", link.text);
      a.href = link.href;
      if (link.newTab) {
        a.target = "_blank";
        a.rel = "noopener";
      }
      this.status.appendChild(a);
    }
  };

  AutosaveField.prototype.changed = function () {
    const self = this;
    clearTimeout(this.keepTimer);
    this.keepTimer = setTimeout(function () {
      if (self.dirty()) keep(self.prefix, self.version.value, self.value());
    }, KEEP_AFTER_MS);
    if (this.paused) return;
    clearTimeout(this.timer);
    if (this.firstChange === null) this.firstChange = Date.now();
    const waited = Date.now() - this.firstChange;
    const wait = Math.max(0, Math.min(SAVE_AFTER_MS, SAVE_AT_LEAST_MS - waited));
    this.timer = setTimeout(function () { self.save(); }, wait);
    if (!this.inFlight) this.say("Not saved yet…", "pending");
  };

  AutosaveField.prototype.save = function () {
    clearTimeout(this.timer);
    this.timer = null;
    this.firstChange = null;
    if (this.queued) return this.pending;
    if (this.paused || !this.dirty()) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const self = this;
    // The fields of one form share its version: one save at a time, each with the version the
    // one before it produced, or the second would be refused as someone else's change.
    const sibling = fields.filter(function (field) {
      return field !== self && field.form === self.form && (field.inFlight || field.queued);
    })[0];
    if (sibling) {
      this.queued = true;
      this.say("Saving…", "pending");
      this.pending = sibling.pending.then(function () {
        self.queued = false;
        return self.save();
      });
      return this.pending;
    }
    const text = this.value();
    const body = new FormData();
    body.append("field", this.field);
    body.append(this.field, text);
    body.append("version", this.version.value);
    if (!this.isCheckbox()) keep(this.prefix, this.version.value, text);
    this.inFlight = true;
    this.say("Saving…", "pending");
    this.pending = fetch(this.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        if (response.type === "opaqueredirect") return { status: 401, data: {} };
        return response.json().then(
          function (data) { return { status: response.status, data: data }; },
          function () { return { status: response.status, data: {} }; }
        );
      })
      .then(function (result) { self.answered(result.status, result.data, text); })
      .catch(function () {
        self.say(
          "Not saved — no connection. Your text is kept in this browser and will be saved when the connection is back.",
          "error"
        );
        self.retryLater();
      })
      .finally(function () {
        self.inFlight = false;
        if (self.again) {
          self.again = false;
          self.save();
        }
      });
    return this.pending;
  };

  AutosaveField.prototype.answered = function (status, data, text) {
    if (status === 200 && data.ok) {
      this.saved = text;
      this.version.value = data.version;
      forget(this.prefix);
      this.say("Saved at " + data.saved_at, "saved");
      applyStatus(data.status);
      this.refreshDependents();
      if (this.dirty()) this.changed();
      return;
    }
    if (!this.isCheckbox()) keep(this.prefix, this.version.value, text);
    if (status === 409 && data.kind === "conflict") {
      this.showConflict(data);
      return;
    }
    if (status === 401) {
      this.say(
        "Not saved — " + (data.error || "you have been signed out. Your text is kept in this browser."),
        "error",
        { text: "Sign in again (opens a new tab)", href: data.login_url || "/accounts/login/", newTab: true }
      );
      return;
    }
    if (status === 403) {
      this.say(
        "Not saved — this page is out of date (you may have signed in again elsewhere). Your text is kept in this browser: reload the page to get it back.",
        "error"
      );
      return;
    }
    if (data.error) {
      this.say("Not saved — " + data.error, "error");
      return;
    }
    this.say(
      "Not saved — the server had a problem (error " + status + "). Your text is kept in this browser; it will be tried again.",
      "error"
    );
    this.retryLater();
  };

  AutosaveField.prototype.refreshDependents = function () {
    // A saved "no significant areas" mark changes what the list of areas offers.
    const selector = this.input.dataset.refresh;
    const target = selector ? document.querySelector(selector) : null;
    if (target && target.dataset.listUrl && window.htmx) {
      window.htmx.ajax("GET", target.dataset.listUrl, { target: selector, swap: "outerHTML" });
    }
  };

  AutosaveField.prototype.retryLater = function () {
    const self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, RETRY_AFTER_MS);
  };

  AutosaveField.prototype.showConflict = function (data) {
    const self = this;
    this.paused = true;
    this.conflict.innerHTML = data.html || ""; // rendered and escaped by the server
    this.say("Not saved — someone else saved a newer version. Compare the two texts above.", "error");
    this.conflict.querySelectorAll("[data-conflict-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        self.conflict.innerHTML = "";
        self.version.value = data.version;
        self.paused = false;
        if (button.dataset.conflictAction === "theirs") {
          self.setValue(data.theirs === null || data.theirs === undefined ? "" : data.theirs);
          self.saved = self.value();
          forget(self.prefix);
          self.say("Replaced with the newer text, which is saved.", "saved");
        } else {
          self.save();
        }
        self.input.focus();
      });
    });
    const panel = this.conflict.firstElementChild;
    if (panel) panel.focus();
  };

  AutosaveField.prototype.restore = function () {
    const s = store();
    if (!s || this.isCheckbox()) return;
    const keys = storedKeys(this.prefix);
    if (!keys.length) return;
    let entry = null;
    let version = null;
    keys.forEach(function (key) {
      try {
        const value = JSON.parse(s.getItem(key));
        if (!entry || value.at > entry.at) {
          entry = value;
          version = key.slice(key.lastIndexOf(":v") + 2);
        }
      } catch (error) {
        s.removeItem(key);
      }
    });
    if (!entry || typeof entry.text !== "string" || entry.text === this.value()) {
      forget(this.prefix);
      return;
    }
    this.setValue(entry.text);
    // Save against the version the text was typed on, so a newer save by someone else is
    // shown as a conflict rather than overwritten.
    if (version && Number(version) < Number(this.version.value)) this.version.value = version;
    const banner = element("div", "alert alert-warning restored-banner");
    banner.setAttribute("role", "alert");
    banner.appendChild(
      document.createTextNode(
        "This is text you typed at " + clock(entry.at) + " that the server never received (you may have been signed out, or the connection dropped). "
      )
    );
    banner.appendChild(element("strong", "", "It is not saved yet:"));
    banner.appendChild(document.createTextNode(" check it, then save."));
    this.conflict.appendChild(banner);
    this.say("Restored from this browser — not saved yet.", "pending");
  };

  function settled(list) {
    // A promise of the moment none of these fields is saving or waiting to save.
    const busy = list.filter(function (field) { return field.inFlight || field.queued; });
    if (!busy.length) return Promise.resolve();
    return Promise.all(busy.map(function (field) { return field.pending; })).then(function () {
      return settled(list);
    });
  }

  function retryAll() {
    fields.forEach(function (field) {
      if (field.attached() && field.dirty() && !field.paused) field.save();
    });
  }

  function enhance(root) {
    const forms = Array.prototype.slice.call(root.querySelectorAll("form[data-autosave-url]"));
    if (root.matches && root.matches("form[data-autosave-url]")) forms.push(root);
    forms.forEach(enhanceForm);
  }

  function enhanceForm(form) {
    if (form.dataset.autosaveReady) return;
    form.dataset.autosaveReady = "1";
    const seen = {};
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.hasAttribute("data-autosave")) return;
      if (input.type === "radio") {
        if (seen[input.name]) return; // one field for the whole group
        seen[input.name] = true;
      }
      fields.push(new AutosaveField(form, input));
    });
    form.addEventListener("submit", function (event) {
      // htmx sends this form itself and the page stays: htmx:confirm below waits for saves.
      if (form.hasAttribute("hx-post") || form.hasAttribute("data-hx-post")) return;
      // Leaving a field to press Save starts its autosave; let that finish first, so the form
      // goes with the version it produced and the two saves never race.
      const own = fields.filter(function (field) { return field.form === form; });
      const busy = own.filter(function (field) { return field.inFlight || field.queued; });
      if (busy.length && !form.dataset.waited) {
        event.preventDefault();
        const submitter = event.submitter;
        settled(own).then(function () {
          form.dataset.waited = "1";
          if (form.requestSubmit) form.requestSubmit(submitter || undefined);
          else form.submit();
        });
        return;
      }
      submitting = true;
      fields.forEach(function (field) { clearTimeout(field.timer); });
    });
  }

  enhance(document);
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });

  document.addEventListener("htmx:confirm", function (event) {
    // Whatever htmx is about to ask for, it waits for the text being saved: a list swapped in
    // afterwards shows it, and a form it sends carries the version that save produced.
    const live = fields.filter(function (field) { return field.attached(); });
    live.forEach(function (field) {
      if (field.timer && !field.paused && field.dirty()) field.save();
    });
    if (!live.some(function (field) { return field.inFlight || field.queued; })) return;
    event.preventDefault();
    settled(live).then(function () { event.detail.issueRequest(true); });
  });

  window.addEventListener("focus", retryAll);
  window.addEventListener("online", retryAll);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") retryAll();
  });

  /* 2. Lists (htmx) ----------------------------------------------------------------------- */

  function listStatus(event) {
    const target = event.detail.target || event.target;
    const list = target && target.closest ? target.closest(".statement-list") : null;
    return list ? list.querySelector("[data-list-status]") : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    // After signing in again the token changes; send the current one, not the page's old copy.
    const token = csrfToken();
    event.detail.headers["X-CSRFToken"] = token;
    if (event.detail.verb === "post") event.detail.parameters.csrfmiddlewaretoken = token;
  });

  document.addEventListener("htmx:responseError", function (event) {
    const region = listStatus(event);
    if (!region) return;
    const xhr = event.detail.xhr;
    if (xhr.status === 401) {
      region.innerHTML = xhr.responseText; // rendered and escaped by the server
      return;
    }
    region.textContent = "";
    region.appendChild(
      element(
        "div",
        "alert alert-danger mb-2",
        xhr.status === 403
          ? "Not saved — this page is out of date (you may have signed in again elsewhere). Copy what you typed, then reload the page."
          : "Not saved — the server had a problem (error " + xhr.status + "). What you typed is still here; try again."
      )
    );
  });

  document.addEventListener("htmx:sendError", function (event) {
    const region = listStatus(event);
    if (!region) return;
    region.textContent = "";
    region.appendChild(
      element("div", "alert alert-danger mb-2", "Not saved — no connection. What you typed is still here; try again when you are back online.")
    );
  });

  document.addEventListener("htmx:afterSettle", function () {
    const holder = document.querySelector("[data-focus]");
    if (!holder) return;
    const target = document.getElementById(holder.dataset.focus);
    holder.removeAttribute("data-focus");
    // Put the focus back only if it went with the old list (the swap left it on the page's
    // body) or is in the new one: someone who has moved on to another field while the list
    // was saving keeps typing there.
    const active = document.activeElement;
    if (active && active !== document.body && !holder.contains(active)) return;
    if (target && target.disabled) {
      // A moved item that reached an end: its other arrow is the natural place to be.
      const other = target.id.replace(/^(up|down)-/, function (match, way) {
        return (way === "up" ? "down" : "up") + "-";
      });
      const sibling = document.getElementById(other);
      if (sibling && !sibling.disabled) {
        sibling.focus();
        return;
      }
    }
    if (target && !target.disabled) {
      target.focus();
      return;
    }
    const heading = holder.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });

  /* 3. Small things ----------------------------------------------------------------------- */

  document.addEventListener(
    "submit",
    function (event) {
      // A plain form post carries the current CSRF token too.
      const input = event.target.querySelector("input[name=csrfmiddlewaretoken]");
      const token = csrfToken();
      if (input && token) input.value = token;
      if (!event.target.hasAttribute("data-hx-post")) submitting = true;
    },
    true
  );

  window.addEventListener("beforeunload", function (event) {
    if (submitting) return;
    const unsavedField = fields.some(function (field) { return field.attached() && field.dirty(); });
    const unsavedItem = Array.prototype.some.call(
      // Autosaved boxes are the fields' business (above); these are the lists' own.
      document.querySelectorAll(".statement-list textarea:not([data-autosave])"),
      function (area) { return area.value !== area.defaultValue; }
    );
    if (unsavedField || unsavedItem) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.querySelectorAll("[data-hide-with-script]").forEach(function (node) { node.hidden = true; });

  const first = document.querySelector("[data-focus-on-load]");
  if (first) first.focus();
})();
