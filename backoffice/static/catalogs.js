// The translation editor: saves through fetch() without reloading the page, Ctrl+Enter
// saves and opens the next message, a stale save shows both texts. Without this script
// every form still posts normally. Text is only ever set with textContent or value.
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
  function setProgress(progress, coverage) {
    var meter = document.querySelector("#catalog-progress meter");
    if (meter && typeof coverage === "number") { meter.value = coverage; }
    var figure = document.querySelector("#catalog-progress [data-progress]");
    if (figure && typeof progress === "number") {
      figure.textContent = Math.floor(progress * 100) + " %";
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

  function focusNext(form) {
    var next = form.nextElementSibling;
    while (next && !(next.tagName === "FORM" && next.classList.contains("message"))) {
      next = next.nextElementSibling;
    }
    if (next) {
      var field = next.querySelector('textarea[name="translation"]');
      if (field) { field.focus(); }
      next.scrollIntoView({block: "center"});
    }
  }

  function save(form, moveOn) {
    var version = parseInt(form.querySelector('input[name="version"]').value, 10);
    var payload = {translations: textareas(form).map(function (t) { return t.value; }), version: version};
    setStatus(form, "…");
    return fetch(form.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": csrfToken()},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().catch(function () { return {error: response.statusText}; })
        .then(function (body) { return {status: response.status, body: body}; });
    }).then(function (result) {
      var body = result.body;
      if (result.status === 200) {
        form.querySelector('input[name="version"]').value = String(body.version);
        setState(form, body.state, body.state_label);
        setFindings(form, body.findings);
        setCounters(body.counters);
        setProgress(body.progress, body.coverage);
        removeConflict(form);
        setStatus(form, body.draft_kept ? form.getAttribute("data-draft-label") || "Saved as a draft" :
                  form.getAttribute("data-saved-label") || "Saved");
        form.setAttribute("data-saved", String(body.version));
        refreshPanel(form);
        if (moveOn) { focusNext(form); }
      } else if (result.status === 409) {
        setStatus(form, "");
        showConflict(form, body);
      } else {
        setStatus(form, body.error || String(result.status));
      }
    }).catch(function () {
      setStatus(form, form.getAttribute("data-offline-label") || "Not saved: the server cannot be reached.");
    });
  }

  function fillList(list, items, render) {
    if (!list) { return; }
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = render(item);
      list.appendChild(li);
    });
  }

  function refreshPanel(form) {
    var panel = document.getElementById("side-panel");
    if (panel && panel.getAttribute("data-for") === form.getAttribute("data-id")) {
      panel.removeAttribute("data-for");
      loadPanel(form);
    }
  }

  function loadPanel(form) {
    var panel = document.getElementById("side-panel");
    var url = form.getAttribute("data-panel");
    if (!panel || !url || panel.getAttribute("data-for") === form.getAttribute("data-id")) { return; }
    panel.setAttribute("data-for", form.getAttribute("data-id"));
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var ctxt = panel.querySelector('[data-field="msgctxt"]');
        if (ctxt) { ctxt.textContent = data.msgctxt || "—"; }
        fillList(panel.querySelector('[data-field="comments"]'),
                 data.extracted_comments.concat(data.translator_comments), function (c) { return c; });
        fillList(panel.querySelector('[data-field="locations"]'), data.locations, function (l) { return l; });
        fillList(panel.querySelector('[data-field="parent"]'), data.parent || [], function (t) { return t; });
        fillList(panel.querySelector('[data-field="suggestions"]'), data.suggestions, function (s) {
          return s.locale + (s.exact ? "" : " (" + Math.round(s.score * 100) + " %)") + ": " + s.translations.join(" | ");
        });
        fillList(panel.querySelector('[data-field="history"]'), data.history, function (h) {
          return h.when + " " + h.who + " · " + h.action + " · " + h.state + ": " + h.translations.join(" | ");
        });
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.message").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter;
        if (submitter && submitter.classList.contains("review")) { return; }  // plain POST
        event.preventDefault();
        save(form, false);
      });
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          save(form, true);
        }
      });
      form.addEventListener("focusin", function () {
        document.querySelectorAll("form.message.selected").forEach(function (f) { f.classList.remove("selected"); });
        form.classList.add("selected");
        loadPanel(form);
      });
    });
  });
})();
