// What JavaScript adds to the pages' plain forms (they all work without it):
// - comment on a selected passage: select words in the text, press "Commenter ce passage";
// - in-place updates: an act's form is sent in the background and the page's content
//   replaced by the answer (a confirmation, or the refusal with what was typed), where the
//   person is on the page, without reloading it.
(function () {
  "use strict";
  var chosen = null;

  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) { return null; }
    var text = selection.toString().replace(/\s+/g, " ").trim();
    var start = selection.getRangeAt(0).startContainer;
    var body = (start.nodeType === 1 ? start : start.parentElement).closest(".section-body");
    if (!text || !body || !body.contains(selection.getRangeAt(0).endContainer)) { return null; }
    return { quote: text, where: body.dataset.language + "/" + body.dataset.section };
  }

  document.addEventListener("selectionchange", function () {
    var button = document.getElementById("comment-selection");
    if (!button) { return; }
    chosen = selectedPassage();
    button.hidden = chosen === null;
  });

  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#comment-selection")) {
      event.preventDefault();  // keep the selection while the button is pressed
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#comment-selection");
    var form = document.querySelector("form.comment-form");
    if (!button || !form || !chosen) { return; }
    form.querySelector("details.passage").open = true;
    form.querySelector("[name=quote]").value = chosen.quote;
    form.querySelector("[name=where]").value = chosen.where;
    button.hidden = true;
    var body = form.querySelector("[name=body]");
    body.scrollIntoView({ block: "center" });
    body.focus();
  });

  function actForm(form) {
    return form instanceof HTMLFormElement && form.method.toLowerCase() === "post" &&
      !form.hasAttribute("data-plain") &&
      form.closest("main") !== null && new URL(form.action).pathname.indexOf("/interpellations/") === 0;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!actForm(form)) { return; }
    event.preventDefault();
    var button = event.submitter;
    if (button) { button.disabled = true; }
    var sent = new URLSearchParams(new FormData(form));
    fetch(form.action, { method: "POST", body: sent, credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (html) { return { response: response, html: html }; });
      })
      .then(function (answer) {
        var page = new DOMParser().parseFromString(answer.html, "text/html");
        var main = page.querySelector("main");
        if (!main || page.querySelector("form[action='/connexion']")) {
          // a page without our content (the session ended…): show it as it is
          document.open(); document.write(answer.html); document.close();
          return;
        }
        document.querySelector("main").replaceWith(main);
        document.title = page.title;
        if (answer.response.redirected) { history.replaceState(null, "", answer.response.url); }
        var message = main.querySelector("[role=status], [role=alert]");
        if (message) { message.setAttribute("tabindex", "-1"); message.focus({ preventScroll: true }); }
      })
      .catch(function () {
        // the network failed: nothing is lost, the form keeps what was typed
        if (button) { button.disabled = false; }
        var warning = document.getElementById("offline");
        if (warning) { warning.hidden = false; warning.focus(); }
      });
  });
})();
