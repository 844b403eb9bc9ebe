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

function worklist() {
  var table = document.getElementById("worklist");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
  var index = -1;
  function select(i) {
    if (rows.length === 0) { return; }
    index = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (row, n) { row.classList.toggle("selected", n === index); });
    rows[index].scrollIntoView({ block: "nearest" });
    var link = rows[index].querySelector("a");
    if (link) { link.focus({ preventScroll: true }); }
  }
  rows.forEach(function (row, n) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a")) { return; }
      window.location.href = row.dataset.href;
    });
    row.addEventListener("focusin", function () { index = n; rows.forEach(function (r, m) { r.classList.toggle("selected", m === n); }); });
  });
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
