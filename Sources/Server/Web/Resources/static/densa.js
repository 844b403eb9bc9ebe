// densa's pages: keyboard navigation of the worklist, the heatmap toggle, marking exams read.
// Served by densa itself; the pages carry no inline script (their CSP forbids it).
"use strict";

function setReadState(examID, state) {
  return fetch("/api/exams/" + encodeURIComponent(examID) + "/read-state", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ state: state }),
  }).then(function (response) {
    if (!response.ok) { throw new Error("read state not saved: " + response.status); }
    return response.json();
  });
}

// Live refresh: when the database changes (an exam processed, a review, another process),
// the worklist's rows, count and pages are fetched again and swapped in, keeping the selection.
function liveRefresh(onRefresh) {
  if (!window.EventSource) { return; }
  var source = new EventSource("/api/events");
  source.addEventListener("changed", function () {
    fetch(window.location.href, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      ["#worklist tbody", "h1 .count", "nav.pages"].forEach(function (selector) {
        var now = document.querySelector(selector);
        var next = fresh.querySelector(selector);
        if (now && next) { now.replaceWith(next); }
      });
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || "0") + 1);
      onRefresh();
    }).catch(function () {});
  });
}

function worklist() {
  var table = document.getElementById("worklist");
  if (!table) { return; }
  var rows = [];
  var index = -1;
  function bind() {
    var selectedID = index >= 0 && rows[index] ? rows[index].dataset.exam : null;
    rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    index = -1;
    rows.forEach(function (row, n) {
      if (row.dataset.exam === selectedID) { index = n; row.classList.add("selected"); }
      row.addEventListener("click", function (event) {
        if (event.target.closest("a")) { return; }
        window.location.href = row.dataset.href;
      });
      row.addEventListener("focusin", function () {
        index = n;
        rows.forEach(function (r, m) { r.classList.toggle("selected", m === n); });
      });
    });
  }
  bind();
  liveRefresh(bind);
  function select(i) {
    if (rows.length === 0) { return; }
    index = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (row, n) { row.classList.toggle("selected", n === index); });
    rows[index].scrollIntoView({ block: "nearest" });
    var link = rows[index].querySelector("a");
    if (link) { link.focus({ preventScroll: true }); }
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "j") { select(index + 1); event.preventDefault(); }
    else if (event.key === "k") { select(index - 1); event.preventDefault(); }
    else if (event.key === "Enter" && index >= 0) { window.location.href = rows[index].dataset.href; event.preventDefault(); }
    else if (event.key === "m" && index >= 0) {
      var row = rows[index];
      setReadState(row.dataset.exam, "read").then(function (exam) {
        row.classList.remove("unread");
        var cell = row.querySelector(".read-state");
        if (cell) { cell.textContent = cell.dataset.readLabel || exam.readState; }
      }).catch(function () {});
      event.preventDefault();
    }
  });
}

function examPage() {
  var toggle = document.getElementById("toggle-heatmaps");
  var hanging = document.getElementById("hanging");
  if (toggle && hanging) {
    toggle.addEventListener("click", function () {
      var on = !hanging.classList.contains("show-heatmaps");
      hanging.classList.toggle("show-heatmaps", on);
      hanging.querySelectorAll("img.heatmap").forEach(function (img) { img.hidden = !on; });
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? toggle.dataset.hide : toggle.dataset.show;
    });
  }
  document.querySelectorAll("button.mark-read").forEach(function (button) {
    button.addEventListener("click", function () {
      setReadState(button.dataset.exam, button.dataset.state).then(function () { window.location.reload(); })
        .catch(function () {});
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  worklist();
  examPage();
});
