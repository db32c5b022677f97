// The translation editor: saves through fetch() without reloading the page, Ctrl+Enter
// saves and opens the next message (not when the save failed a check), review and next,
// suggestions by click or Alt+1..9, copy source, placeholders by Alt+Shift+1..9, a
// keyboard help overlay, and a stale save shows both texts. Without this script every
// form still posts normally. Text is only ever set with textContent or value, and the
// side panel's HTML comes rendered (escaped) by the server.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function textareas(form) {
    return Array.prototype.slice.call(form.querySelectorAll('textarea[name="translation"]'));
  }

  function setStatus(form, text) {
    var status = form.querySelector(".status");
    if (status) { status.textContent = text; }
  }

  function setFindings(form, findings) {
    var list = form.querySelector(".findings");
    if (!list) { return; }
    list.textContent = "";
    (findings || []).forEach(function (finding) {
      var item = document.createElement("li");
      item.className = "finding " + finding.severity;
      item.textContent = finding.message;
      list.appendChild(item);
    });
  }

  function setState(form, state, label) {
    form.className = form.className.replace(/\bstate-\w+/g, "").trim() + " state-" + state;
    var badge = form.querySelector(".badge.state");
    if (badge) {
      badge.className = "badge state state-" + state;
      badge.textContent = label;
    }
  }

  function setCounters(counters) {
    if (!counters) { return; }
    Object.keys(counters).forEach(function (name) {
      var node = document.querySelector('#catalog-progress [data-counter="' + name + '"]');
      if (node) { node.textContent = String(counters[name]); }
    });
  }

  // The bar and the figure follow each save; 100 % only once every message is done.
  // The bar and the figure show the same share: the texts a user sees (own or inherited).
  function setProgress(progress, coverage) {
    var meter = document.querySelector("#catalog-progress meter");
    if (meter && typeof coverage === "number") { meter.value = coverage; }
    var figure = document.querySelector("#catalog-progress [data-progress]");
    if (figure && typeof coverage === "number") {
      figure.textContent = Math.floor(coverage * 100) + " %";
    }
  }

  function removeConflict(form) {
    var old = form.querySelector(".conflict");
    if (old) { old.parentNode.removeChild(old); }
  }

  function showConflict(form, body) {
    removeConflict(form);
    var box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    var intro = document.createElement("p");
    intro.textContent = body.error;
    box.appendChild(intro);
    if (body.conflict.by || body.conflict.at) {
      var by = document.createElement("p");
      by.className = "conflict-by";
      by.textContent = (form.getAttribute("data-conflict-by-label") || "Saved by %(who)s at %(when)s.")
        .replace("%(who)s", body.conflict.by || "?").replace("%(when)s", body.conflict.at || "");
      box.appendChild(by);
    }
    var theirs = document.createElement("div");
    theirs.className = "theirs-list";
    (body.conflict.translations || []).forEach(function (text) {
      var p = document.createElement("p");
      p.className = "theirs";
      p.textContent = text;
      theirs.appendChild(p);
    });
    box.appendChild(theirs);
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "keep-mine primary";
    keep.textContent = form.getAttribute("data-keep-label") || "Keep mine";
    var take = document.createElement("button");
    take.type = "button";
    take.className = "take-theirs";
    take.textContent = form.getAttribute("data-take-label") || "Take theirs";
    keep.addEventListener("click", function () {
      form.querySelector('input[name="version"]').value = String(body.conflict.version);
      removeConflict(form);
      save(form, false);
    });
    take.addEventListener("click", function () {
      var fields = textareas(form);
      fields.forEach(function (field, i) { field.value = body.conflict.translations[i] || ""; });
      form.querySelector('input[name="version"]').value = String(body.conflict.version);
      setState(form, body.conflict.state, body.conflict.state_label);
      removeConflict(form);
      setStatus(form, "");
    });
    box.appendChild(keep);
    box.appendChild(take);
    form.querySelector(".meta").after(box);
  }

  function sibling(form, step) {
    var next = step > 0 ? form.nextElementSibling : form.previousElementSibling;
    while (next && !(next.tagName === "FORM" && next.classList.contains("message"))) {
      next = step > 0 ? next.nextElementSibling : next.previousElementSibling;
    }
    return next;
  }

  function focusForm(form) {
    if (!form) { return; }
    var field = form.querySelector('textarea[name="translation"]');
    if (field) { field.focus(); } else { form.focus(); }
    form.scrollIntoView({block: "center"});
  }

  function focusNext(form) { focusForm(sibling(form, 1)); }

  function currentField(form) {
    var active = document.activeElement;
    if (active && active.tagName === "TEXTAREA" && form.contains(active)) { return active; }
    return textareas(form)[0];
  }

  function insertAtCursor(field, text) {
    if (!field || field.readOnly) { return; }
    var start = field.selectionStart, end = field.selectionEnd;
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    field.selectionStart = field.selectionEnd = start + text.length;
    field.focus();
  }

  function fillForms(form, forms) {
    var fields = textareas(form);
    if (!fields.length || fields[0].readOnly) { return; }
    fields.forEach(function (field, i) {
      field.value = forms[Math.min(i, forms.length - 1)] || "";
    });
    fields[0].focus();
  }

  function copySource(form) {
    try { fillForms(form, JSON.parse(form.getAttribute("data-source") || "[]")); } catch (e) { /* no source */ }
  }

  function useSuggestion(form, index) {
    var panel = document.getElementById("side-panel");
    var button = panel && panel.querySelector('[data-use="' + index + '"]');
    if (!button || button.disabled) { return; }
    try { fillForms(form, JSON.parse(button.getAttribute("data-translations") || "[]")); } catch (e) { /* none */ }
  }

  function insertToken(form, index) {
    var buttons = form.querySelectorAll(".insert-token");
    if (buttons[index]) { insertAtCursor(currentField(form), buttons[index].getAttribute("data-token")); }
  }

  // One POST of JSON, answered as {status, body}; a body that is not JSON reads as an error.
  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": csrfToken()},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {error: response.statusText}; })
        .then(function (body) { return {status: response.status, body: body}; });
    });
  }

  // What every answer about one message does: new version, state and counters on 200,
  // the conflict on 409, the error otherwise; ``done`` runs after a 200.
  function answered(form, result, done) {
    var body = result.body;
    if (result.status === 200) {
      form.querySelector('input[name="version"]').value = String(body.version);
      setState(form, body.state, body.state_label);
      setCounters(body.counters);
      setProgress(body.progress, body.coverage);
      done(body);
      refreshPanel(form);
    } else if (result.status === 409) {
      setStatus(form, "");
      showConflict(form, body);
    } else {
      setStatus(form, body.error || String(result.status));
    }
  }

  function version(form) {
    return parseInt(form.querySelector('input[name="version"]').value, 10);
  }

  function review(form, moveOn) {
    setStatus(form, "…");
    return postJSON(form.getAttribute("data-review"), {version: version(form)})
      .then(function (result) {
        answered(form, result, function () {
          setStatus(form, form.getAttribute("data-reviewed-label") || "Marked reviewed");
        });
        if (result.status === 200 && moveOn) { focusNext(form); }
      }).catch(function () {
        setStatus(form, form.getAttribute("data-offline-label") || "Not reached.");
      });
  }

  function save(form, moveOn) {
    var payload = {translations: textareas(form).map(function (t) { return t.value; }),
                   version: version(form)};
    setStatus(form, "…");
    return postJSON(form.getAttribute("data-api"), payload).then(function (result) {
      answered(form, result, function (body) {
        setFindings(form, body.findings);
        removeConflict(form);
        setStatus(form, body.draft_kept ? form.getAttribute("data-draft-label") || "Saved as a draft" :
                  form.getAttribute("data-saved-label") || "Saved");
        form.setAttribute("data-saved", String(body.version));
      });
      if (result.status !== 200 || !moveOn) { return; }
      // A save that failed a check stays on its message, with its findings.
      if (!result.body.draft_kept) { focusNext(form); }
      else { setStatus(form, form.getAttribute("data-stay-label") || "Fix the findings."); currentField(form).focus(); }
    }).catch(function () {
      setStatus(form, form.getAttribute("data-offline-label") || "Not saved: the server cannot be reached.");
    });
  }

  function refreshPanel(form) {
    var panel = document.getElementById("side-panel");
    if (panel && panel.getAttribute("data-for") === form.getAttribute("data-id")) {
      panel.removeAttribute("data-for");
      loadPanel(form);
    }
  }

  // The server renders the panel's sections (catalogs/panel.py): each is escaped there.
  function loadPanel(form) {
    var panel = document.getElementById("side-panel");
    var url = form.getAttribute("data-panel");
    if (!panel || !url || panel.getAttribute("data-for") === form.getAttribute("data-id")) { return; }
    panel.setAttribute("data-for", form.getAttribute("data-id"));
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || panel.getAttribute("data-for") !== String(data.id)) { return; }
        var fresh = new DOMParser().parseFromString(data.html, "text/html");
        panel.replaceChildren.apply(panel, Array.prototype.slice.call(fresh.body.childNodes));
        panel.dispatchEvent(new CustomEvent("panel:loaded", {detail: data}));
      });
  }

  function selectedForm() {
    return document.querySelector("form.message.selected") || document.querySelector("form.message");
  }

  function isTyping(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var help = document.getElementById("keyboard-help");
    function openHelp() { if (help && !help.open) { help.showModal(); } }
    document.querySelectorAll("[data-open-help]").forEach(function (button) {
      button.addEventListener("click", openHelp);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "?" && !isTyping(event.target)) { event.preventDefault(); openHelp(); }
    });
    var panel = document.getElementById("side-panel");
    if (panel) {
      panel.addEventListener("click", function (event) {
        var button = event.target.closest("[data-use]");
        if (button) { useSuggestion(selectedForm(), button.getAttribute("data-use")); }
      });
    }
    document.querySelectorAll("form.message").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        event.preventDefault();
        if (submitter && submitter.classList.contains("review")) { review(form, true); return; }
        save(form, false);
      });
      form.addEventListener("click", function (event) {
        var copy = event.target.closest(".copy-source");
        if (copy) { copySource(form); return; }
        var token = event.target.closest(".insert-token");
        if (token) { insertAtCursor(currentField(form), token.getAttribute("data-token")); }
      });
      form.addEventListener("mousedown", function (event) {
        // Keep the caret in the field when a token button is pressed.
        if (event.target.closest(".insert-token")) { event.preventDefault(); }
      });
      form.addEventListener("keydown", function (event) {
        var digit = /^Digit([1-9])$/.exec(event.code || "");
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (event.shiftKey) {
            if (form.querySelector("button.review") && form.classList.contains("state-translated")) { review(form, true); }
          } else {
            save(form, true);
          }
        } else if (event.altKey && digit) {
          event.preventDefault();
          if (event.shiftKey) { insertToken(form, parseInt(digit[1], 10) - 1); }
          else { useSuggestion(form, parseInt(digit[1], 10) - 1); }
        } else if (event.altKey && (event.code === "KeyC")) {
          event.preventDefault();
          copySource(form);
        } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
          event.preventDefault();
          focusForm(sibling(form, event.key === "ArrowDown" ? 1 : -1));
        }
      });
      form.addEventListener("focusin", function () {
        document.querySelectorAll("form.message.selected").forEach(function (f) { f.classList.remove("selected"); });
        form.classList.add("selected");
        loadPanel(form);
      });
    });
    // The first field (or the one the address names) has the focus on load.
    var start = document.querySelector("form.message.selected") || document.querySelector("form.message");
    if (start && !document.querySelector(".conflict")) {
      var field = start.querySelector('textarea[name="translation"]');
      if (field) { field.focus({preventScroll: !document.querySelector("form.message.selected")}); }
    } else if (start) {
      start.querySelector('textarea[name="translation"]').focus();
    }
  });
})();
