// "Svara" without a page load: the page's one comment form moves under the comment it
// answers, focus goes into its text field, and "Avbryt svaret" puts it back and returns focus
// to the "Svara" link. Without this script each "Svara" link loads the page with the form
// already there (?svara=<pk>#svara-<pk>). No inline code: the public CSP forbids it.
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form");
  if (!form) return;
  var parent = form.querySelector("input[name=parent]");
  var heading = form.querySelector("[data-form-heading]");
  var cancel = form.querySelector("button[data-cancel-reply]");
  var field = form.querySelector("textarea");
  if (!parent || !heading || !cancel || !field) return; // rendered under a comment already
  var home = document.createComment("comment form");
  form.parentNode.insertBefore(home, form);
  var homeId = form.id;
  var homeAction = form.getAttribute("action");
  var homeWording = heading.textContent;
  var opener = null;

  function open(link) {
    var id = link.getAttribute("data-reply-to");
    var item = document.getElementById("kommentar-" + id);
    var actions = item && item.querySelector(".comment-actions");
    if (!actions) return false;
    actions.parentNode.insertBefore(form, actions.nextSibling);
    parent.value = id;
    heading.textContent = heading.getAttribute("data-reply-wording")
      .replace("NAME", link.getAttribute("data-reply-name"));
    form.id = "svara-" + id;
    form.setAttribute("action", homeAction.split(/[?#]/)[0] + link.search + "#svara-" + id);
    cancel.hidden = false;
    opener = link;
    field.focus();
    return true;
  }

  function close() {
    home.parentNode.insertBefore(form, home.nextSibling);
    parent.value = "";
    heading.textContent = homeWording;
    form.id = homeId;
    form.setAttribute("action", homeAction);
    cancel.hidden = true;
    if (opener) opener.focus();
    opener = null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.reply-link");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && open(link)) {
      event.preventDefault();
    }
  });
  cancel.addEventListener("click", close);
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opener) close();
  });
})();
