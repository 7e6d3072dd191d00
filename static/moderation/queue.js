/*
 * The moderation queue by keyboard and without reloads, over the rows' plain forms
 * (`.queue-row` with `data-decision` forms; the contract is in moderation/views.py). A form
 * is sent with fetch; the JSON answer replaces the row, updates the counts and is said in the
 * live region; a refusal or a lost connection is shown in the row and nothing is lost.
 * Keys (never in a text field or a dialog, never with Ctrl/Alt/Meta, off with Wagtail's
 * shortcuts setting): j/k, a, r, s, u, o/Enter; "?" is Wagtail's dialog, to which the queue's
 * keys are added. Texts: the data attributes of #queue-keys (keyboard_help.html).
 */
(function () {
  "use strict";

  var root = document.getElementById("queue-keys");
  if (!root) {
    return;
  }
  var ROW = ".queue-row";
  var CURRENT = "queue-row--current";
  var DECISION_KEYS = { a: "approve", r: "reject", s: "spam", u: "undo" };
  var texts = root.dataset;
  // The queue page's own live region, or one of ours (made here, rendered empty).
  var status = document.getElementById("queue-status") || (function () {
    var region = document.createElement("p");
    region.className = "queue-keys__status";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("data-keys-status", "");
    root.appendChild(region);
    return region;
  })();
  var shortcutsOn = texts.enabled !== "false";

  // --- announcing ------------------------------------------------------------------

  var announceTimer = null;

  function announce(message) {
    // Emptied first, so that the same message twice is read twice.
    status.textContent = "";
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      status.textContent = message || "";
    }, 50);
  }

  function showError(row, form, message) {
    var box = row.querySelector(".queue-keys__error");
    if (!box) {
      box = document.createElement("p");
      box.className = "queue-keys__error";
      box.id = "queue-keys-error-" + row.dataset.comment;
    }
    box.textContent = message;
    form.appendChild(box);
    announce(message);
  }

  function clearError(row) {
    var box = row.querySelector(".queue-keys__error");
    if (box) {
      box.remove();
    }
  }

  // --- rows ------------------------------------------------------------------------

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(ROW));
  }

  function rowOf(element) {
    return element && element.closest ? element.closest(ROW) : null;
  }

  function currentRow() {
    return rowOf(document.activeElement) || document.querySelector(ROW + "." + CURRENT);
  }

  function mark(row) {
    rows().forEach(function (other) {
      if (other !== row) {
        other.classList.remove(CURRENT);
        other.removeAttribute("aria-current");
      }
    });
    row.classList.add(CURRENT);
    row.setAttribute("aria-current", "true");
  }

  function focusRow(row) {
    if (!row.hasAttribute("tabindex")) {
      row.setAttribute("tabindex", "-1");
    }
    mark(row);
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }

  function step(by) {
    var list = rows();
    if (!list.length) {
      announce(texts.textEmpty);
      return;
    }
    var at = list.indexOf(currentRow());
    var next = at === -1 ? list[by > 0 ? 0 : list.length - 1] : list[at + by];
    if (!next) {
      announce(by > 0 ? texts.textLast : texts.textFirst);
      return;
    }
    focusRow(next);
  }

  function commentPage(row) {
    var link = row.querySelector("a[data-open]") ||
      row.querySelector('a[href$="/edit/' + row.dataset.comment + '/"]');
    return link ? link.href : texts.menuUrl + "edit/" + row.dataset.comment + "/";
  }

  // --- counts ----------------------------------------------------------------------

  function replaceLastNumber(element, n) {
    // The last number in the element's text ("Väntar (12)" → "Väntar (11)").
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      nodes.push(walker.currentNode);
    }
    for (var i = nodes.length - 1; i >= 0; i -= 1) {
      var text = nodes[i].nodeValue;
      var match = /(\d+)(?!.*\d)/.exec(text);
      if (match) {
        nodes[i].nodeValue = text.slice(0, match.index) + n + text.slice(match.index + match[1].length);
        return;
      }
    }
  }

  function updateCounts(counts) {
    if (!counts) {
      return;
    }
    Object.keys(counts).forEach(function (key) {
      var n = String(counts[key]);
      var marked = document.querySelectorAll('[data-count="' + CSS.escape(key) + '"]');
      if (marked.length) {
        marked.forEach(function (element) { replaceLastNumber(element, n); });
      } else {
        document.querySelectorAll('main a[href*="flik=' + encodeURIComponent(key) + '"]')
          .forEach(function (tab) { replaceLastNumber(tab, n); });
      }
    });
    if (counts.vantar !== undefined) {
      document.querySelectorAll('#wagtail-sidebar a[href="' + texts.menuUrl + '"]')
        .forEach(function (item) { replaceLastNumber(item, String(counts.vantar)); });
    }
  }

  // --- sending a decision ----------------------------------------------------------

  function parseRow(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    return template.content.querySelector(ROW) || template.content.firstElementChild;
  }

  function afterDecision(oldRow, newRow, decision, byKey) {
    var list = rows();
    var at = list.indexOf(oldRow);
    if (newRow) {
      oldRow.replaceWith(newRow);
    }
    var row = newRow || oldRow;
    if (decision === "undo") {
      focusRow(row);
      return;
    }
    var next = list.slice(at + 1).concat(list.slice(0, at)).filter(function (other) {
      return other !== oldRow && other.querySelector('form[data-decision="approve"]');
    })[0];
    var undo = row.querySelector('form[data-decision="undo"] [type="submit"]');
    if (byKey && next) {
      focusRow(next);
    } else if (undo) {
      mark(row);
      undo.focus();
    } else {
      focusRow(row);
    }
  }

  function answerOf(response) {
    return response.json().catch(function () { return null; }).then(function (data) {
      return { response: response, data: data };
    });
  }

  function send(form, submitter, byKey) {
    var row = rowOf(form);
    if (row.getAttribute("aria-busy") === "true") {
      return;
    }
    var body = new URLSearchParams(submitter ? new FormData(form, submitter) : new FormData(form));
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    row.setAttribute("aria-busy", "true");
    clearError(row);
    announce(texts.textSending);
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch",
                 "X-CSRFToken": token ? token.value : "" },
    }).then(answerOf, function () {
      return { response: null, data: null };
    }).then(function (answer) {
      row.removeAttribute("aria-busy");
      handle(answer, row, form, byKey);
    });
  }

  function handle(answer, row, form, byKey) {
    var data = answer.data;
    if (!answer.response) {
      showError(row, form, texts.textNetwork);
    } else if (!data || !answer.response.ok || !data.ok) {
      showError(row, form, (data && data.message) || texts.textFailed);
    } else {
      updateCounts(data.counts);
      afterDecision(row, parseRow(data.row_html), form.dataset.decision, byKey);
      announce(data.message);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(ROW + " form[data-decision]") || event.defaultPrevented) {
      return;
    }
    event.preventDefault();
    send(form, event.submitter, form.dataset.keysByKey === "true");
    delete form.dataset.keysByKey;
  });

  document.addEventListener("focusin", function (event) {
    var row = rowOf(event.target);
    if (row) {
      mark(row);
    }
  });

  // --- keys ------------------------------------------------------------------------

  function typing(target) {
    return Boolean(target && target.closest && (
      target.isContentEditable ||
      target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")
    ));
  }

  function inDialog(target) {
    return Boolean(
      (target && target.closest && target.closest("dialog, [role='dialog'], [aria-modal='true']")) ||
      document.querySelector("dialog[open], .w-dialog:not([aria-hidden='true'])")
    );
  }

  function openReject(row, form) {
    var details = form.closest("details");
    if (details) {
      details.open = true;
    }
    form.hidden = false;
    mark(row);
    var field = form.querySelector("input:not([type='hidden']):not([disabled]), textarea, select");
    (field || form.querySelector("[type='submit']")).focus();
  }

  function decide(decision) {
    var row = currentRow();
    if (!row) {
      announce(texts.textEmpty);
      return;
    }
    var form = row.querySelector('form[data-decision="' + decision + '"]');
    if (!form || row.getAttribute("aria-busy") === "true") {
      announce(texts.textMissing);
      return;
    }
    if (decision === "reject") {
      openReject(row, form);
      return;
    }
    form.dataset.keysByKey = "true";
    form.requestSubmit();
  }

  function onKey(event) {
    if (!shortcutsOn || event.defaultPrevented || event.ctrlKey || event.altKey ||
        event.metaKey || event.isComposing || typing(event.target) || inDialog(event.target)) {
      return;
    }
    var key = event.key;
    if (key === "Enter" && !(event.target.matches && event.target.matches(ROW))) {
      return;  // Enter on a link or a button does what it always does.
    }
    if (key === "j" || key === "k") {
      step(key === "j" ? 1 : -1);
    } else if (DECISION_KEYS[key]) {
      decide(DECISION_KEYS[key]);
    } else if (key === "o" || key === "Enter") {
      var row = currentRow();
      if (!row) {
        announce(texts.textEmpty);
        return;
      }
      window.location.assign(commentPage(row));
    } else {
      return;
    }
    event.preventDefault();
  }

  document.addEventListener("keydown", onKey);

  // --- the shortcuts dialog and the hint --------------------------------------------

  function addShortcutsToWagtailsDialog() {
    var template = root.querySelector("template[data-keys-shortcuts]");
    var table = document.querySelector("#keyboard-shortcuts-dialog table");
    if (template && table && !table.querySelector("#keyboard-shortut-group-moderation-queue")) {
      var common = table.querySelector("tbody");
      table.insertBefore(template.content.cloneNode(true), common ? common.nextSibling : null);
    }
  }

  if (shortcutsOn) {
    // Wagtail moves its dialog out of a <template> when its own scripts start: try now,
    // once everything has loaded, and at the latest when "?" or the menu item opens it.
    addShortcutsToWagtailsDialog();
    window.addEventListener("load", addShortcutsToWagtailsDialog);
    document.addEventListener("keydown", function (event) {
      if (event.key === "?") {
        addShortcutsToWagtailsDialog();
      }
    }, true);
    document.addEventListener("click", addShortcutsToWagtailsDialog, true);
    root.querySelector(".queue-keys__hint").hidden = false;
  }
})();
