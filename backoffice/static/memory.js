// The editor panel's translation memory: matches for the selected message, each with
// where it comes from and a button that puts it in the message's field; and, when a
// machine-translation connector is on, a machine suggestion on request.
(function () {
  "use strict";

  var current = null;  // the form.message the panel shows

  function section() { return document.getElementById("memory-panel"); }

  function urlFor(attr, id) {
    return section().getAttribute(attr).replace(/\/0(\/|$)/, "/" + id + "$1");
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function use(form, translations) {
    var fields = form.querySelectorAll("textarea[name=translation]");
    fields.forEach(function (field, index) {
      if (index < translations.length) {
        field.value = translations[index];
        field.dispatchEvent(new Event("input", {bubbles: true}));
      }
    });
    if (fields.length) { fields[0].focus(); }
  }

  function item(form, match, badge, origin) {
    var panel = section();
    var li = document.createElement("li");
    li.className = "memory-match";
    var tag = document.createElement("span");
    tag.className = "badge";
    tag.textContent = badge;
    li.appendChild(tag);
    var target = document.createElement("span");
    target.className = "memory-target";
    target.textContent = " " + match.translations.join(" | ") + " ";
    li.appendChild(target);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "memory-use";
    button.textContent = panel.getAttribute("data-use-label");
    button.addEventListener("click", function () { use(form, match.translations); });
    li.appendChild(button);
    if (origin) {
      var small = document.createElement("small");
      small.className = "muted memory-origin";
      small.textContent = origin;
      li.appendChild(document.createElement("br"));
      li.appendChild(small);
    }
    return li;
  }

  function show(form, data) {
    var panel = section();
    var list = panel.querySelector('[data-field="memory"]');
    list.textContent = "";
    data.matches.forEach(function (m) {
      var badge = m.locale + " · " + (m.exact ? panel.getAttribute("data-exact-label")
                                              : Math.round(m.score * 100) + " %");
      var where = m.origin === "tmx" ? panel.getAttribute("data-tmx-label") + " " + m.origin_name
                                     : m.domain + "/" + m.locale;
      list.appendChild(item(form, m, badge, (m.exact ? "" : m.source + " — ") + where));
    });
    if (!data.matches.length) {
      var li = document.createElement("li");
      li.className = "muted";
      li.textContent = panel.getAttribute("data-empty-label");
      list.appendChild(li);
    }
    var box = panel.querySelector("[data-machine-box]");
    if (box) {
      box.hidden = !data.machine;
      panel.querySelector('[data-field="machine"]').textContent = "";
    }
  }

  function load(form) {
    if (!section() || current === form) { return; }
    current = form;
    var id = form.getAttribute("data-id");
    fetch(urlFor("data-url", id), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && current === form) { show(form, data); } });
  }

  function machine() {
    var form = current;
    if (!form) { return; }
    var panel = section();
    var list = panel.querySelector('[data-field="machine"]');
    fetch(urlFor("data-machine-url", form.getAttribute("data-id")), {
      method: "POST", credentials: "same-origin",
      headers: {"Accept": "application/json", "Content-Type": "application/json",
                "X-CSRFToken": csrfToken()},
      body: "{}"
    }).then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (result) {
        list.textContent = "";
        if (!result[0]) {
          var li = document.createElement("li");
          li.className = "error";
          li.textContent = result[1].error || panel.getAttribute("data-machine-error-label");
          list.appendChild(li);
          return;
        }
        list.appendChild(item(form, result[1], result[1].provider, ""));
      }).catch(function () {
        list.textContent = panel.getAttribute("data-machine-error-label");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!section()) { return; }
    var forms = document.querySelectorAll("form.message");
    forms.forEach(function (form) {
      form.addEventListener("focusin", function () { load(form); });
    });
    // The side panel's sections are rendered again by the server when another message
    // gets the focus (catalogs.js): listen through the document, and fill the new section.
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("[data-machine]")) { machine(); }
    });
    var side = document.getElementById("side-panel");
    if (side) {
      side.addEventListener("panel:loaded", function () {
        var form = current;
        current = null;
        if (form) { load(form); }
      });
    }
    var selected = document.querySelector("form.message.selected") || forms[0];
    if (selected) { load(selected); }
  });
})();
