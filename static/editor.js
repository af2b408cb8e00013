// The editor's additions to its plain form: nothing typed is lost, a toolbar, a preview.
//
// Every keystroke is kept in this browser (localStorage, per person and
// interpellation); the form is sent to the server as a working copy 5 seconds
// after the last keystroke, and at least every 10 seconds while typing. The page
// says where the text is. Saving a version stays the form's own plain post.
(function () {
  "use strict";
  var PAUSE = 5000;
  var AT_LEAST = 10000;
  var PREFIX = "copie:";

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function keyFor(account, interpellation) {
    return PREFIX + account + ":" + interpellation;
  }

  function read(key) {
    var store = storage();
    try { return store ? JSON.parse(store.getItem(key) || "null") : null; } catch (e) { return null; }
  }

  function write(key, value) {
    var store = storage();
    try { if (store) { store.setItem(key, JSON.stringify(value)); } } catch (e) { /* full: the server has it */ }
  }

  function forget(key) {
    var store = storage();
    if (store) { store.removeItem(key); }
  }

  // After a version was saved, the browser's copy of that text is done with.
  var logout = document.getElementById("logout");
  var account = logout ? logout.getAttribute("data-account") : "";
  var saved = /[?&]fait=(edit|merged|reopened)\b/.test(location.search);
  var here = location.pathname.match(/^\/interpellations\/(\d{4}\/[a-z0-9-]+)/);
  if (saved && here && account) { forget(keyFor(account, here[1])); }

  // Logging out: the copies the server has are cleared from this (maybe shared) computer.
  if (logout) {
    logout.addEventListener("submit", function () {
      var store = storage();
      if (!store) { return; }
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && key.indexOf(PREFIX + account + ":") === 0) {
          var kept = read(key);
          if (kept && kept.synced) { forget(key); }
        }
      }
    });
  }

  var form = document.getElementById("editor");
  if (!form) { return; }
  var key = keyFor(form.getAttribute("data-account"), form.getAttribute("data-interpellation"));
  var status = document.getElementById("save-status");
  var pauseTimer = null;
  var atLeastTimer = null;
  var sending = false;
  var again = false;

  function fields() {
    var values = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "_csrf_token") { values.push([name, String(value)]); }
    });
    return values;
  }

  function say(which, time) {
    var text = status.getAttribute("data-" + which) || "";
    status.textContent = text.replace("{time}", time || "");
  }

  function keepHere() {
    write(key, { fields: fields(), at: Date.now(), synced: false });
  }

  function send(leaving) {
    clearTimeout(pauseTimer); clearTimeout(atLeastTimer);
    pauseTimer = atLeastTimer = null;
    if (sending) { again = true; return; }
    sending = true;
    var sentAt = Date.now();
    fetch(form.getAttribute("data-copy"), {
      // a page being left may only send a small request; the browser keeps the rest
      method: "POST", credentials: "same-origin", keepalive: leaving === true,
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 413) { say("too-long"); return null; }
      if (!response.ok) { say(response.status === 401 || response.status === 403 ? "session" : "local"); return null; }
      return response.json();
    }).then(function (answer) {
      if (!answer) { return; }
      var kept = read(key);
      if (kept && kept.at <= sentAt) { kept.synced = true; write(key, kept); }
      say("server", answer.saved_at);
    }).catch(function () {
      say("local");
    }).then(function () {
      sending = false;
      if (again) { again = false; send(); }
    });
  }

  function typed() {
    keepHere();
    say("local");
    clearTimeout(pauseTimer);
    pauseTimer = setTimeout(send, PAUSE, false);
    if (!atLeastTimer) { atLeastTimer = setTimeout(send, AT_LEAST, false); }
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  window.addEventListener("online", function () {
    var kept = read(key);
    if (kept && !kept.synced) { send(); }
  });
  var submitting = false;  // a version is being saved: no working copy after it
  window.addEventListener("pagehide", function () {
    var kept = read(key);
    if (kept && !kept.synced && !submitting) { send(true); }
  });

  // What this browser kept and the server may not have: offered, never applied silently.
  function fill(values) {
    var byName = {};
    values.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "_csrf_token" || name === "confirm_reopen") { return; }
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = (byName[name] || []).indexOf(element.value) >= 0;
      } else if (name in byName) {
        element.value = byName[name][0];
      }
    });
  }

  var offer = document.getElementById("local-copy");
  var kept = read(key);
  var differs = kept && JSON.stringify(kept.fields) !== JSON.stringify(fields());
  if (offer && kept && !kept.synced && differs) {
    offer.hidden = false;
    offer.querySelector("[data-local=take]").addEventListener("click", function () {
      fill(kept.fields);
      offer.hidden = true;
      typed();
    });
    offer.querySelector("[data-local=discard]").addEventListener("click", function () {
      forget(key);
      offer.hidden = true;
    });
  }
  form.addEventListener("submit", function () {
    submitting = true;
    clearTimeout(pauseTimer); clearTimeout(atLeastTimer);
    keepHere();  // until the saved version's page says it is in the record
  });

  // The toolbar: Markdown for people who do not write Markdown.
  function edit(area, kind) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    var chosen = text.slice(start, end);
    var lineStart = text.lastIndexOf("\n", start - 1) + 1;
    var inserted, before = text.slice(0, start), after = text.slice(end);
    if (kind === "bold") {
      inserted = "**" + (chosen || "texte") + "**";
    } else if (kind === "link") {
      inserted = "[" + (chosen || "texte") + "](https://)";
    } else {
      var prefix = kind === "heading" ? "### " : kind === "list" ? "- " : "";
      if (kind === "proposal") {
        var numbers = text.slice(0, lineStart).match(/^\d+(?=[.)] )/gm) || ["0"];
        prefix = (parseInt(numbers[numbers.length - 1], 10) + 1) + ". ";
      }
      before = text.slice(0, lineStart);
      chosen = text.slice(lineStart, end);
      inserted = chosen.split("\n").map(function (line) { return prefix + line; }).join("\n");
    }
    area.value = before + inserted + after;
    area.focus();
    area.setSelectionRange(before.length + inserted.length, before.length + inserted.length);
    typed();
  }

  Array.prototype.forEach.call(form.querySelectorAll(".toolbar"), function (toolbar) {
    var area = document.getElementById(toolbar.getAttribute("aria-controls"));
    var preview = toolbar.parentNode.querySelector(".preview");
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      if (button.hasAttribute("data-md")) { edit(area, button.getAttribute("data-md")); return; }
      var showing = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", showing ? "false" : "true");
      if (showing) { preview.hidden = true; area.hidden = false; return; }
      var body = new URLSearchParams();
      body.set("body", area.value);
      body.set("_csrf_token", form.querySelector("[name=_csrf_token]").value);
      fetch(form.getAttribute("data-preview"), { method: "POST", credentials: "same-origin", body: body })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          // the server's own renderer and sanitiser: the text as the pages show it
          preview.innerHTML = html;
          preview.hidden = false;
          area.hidden = true;
        })
        .catch(function () { button.setAttribute("aria-pressed", "false"); });
    });
  });
})();
