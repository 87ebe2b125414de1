// Kontraktarkiv progressive enhancement. Every page works without this file; it only adds
// upload progress, live extraction status and a search-as-you-type system picker.
(function () {
  "use strict";

  var STATUS = {
    pending: "Venter på tekstudtræk",
    indexed: "Søgbar",
    no_text: "Ingen tekst (scannet)",
    failed: "Tekstudtræk mislykkedes"
  };

  // Upload with a progress bar: the form posts the same multipart body with XHR, then shows the answer.
  function enhanceUpload(form) {
    var box = form.querySelector(".progress");
    if (!box || !window.FormData || !window.DOMParser) return;
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      box.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round((100 * e.loaded) / e.total);
        bar.value = pct;
        text.textContent = "Sender … " + pct + " %";
      });
      xhr.addEventListener("load", function () {
        if (xhr.responseURL && xhr.responseURL.split("#")[0] !== form.action) {
          window.location.assign(xhr.responseURL);
          return;
        }
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        document.title = doc.title;
        document.body.replaceWith(document.adoptNode(doc.body));
        init(document);
        var summary = document.getElementById("fejl");
        if (summary) summary.focus();
      });
      xhr.addEventListener("error", function () {
        text.textContent = "Forbindelsen blev afbrudt. Prøv igen.";
      });
      xhr.send(new FormData(form));
    });
  }

  // Live status: poll the document's JSON until it is no longer pending, then reload for the full page.
  function pollStatus(el) {
    var url = el.getAttribute("data-status-url");
    var out = el.querySelector("[data-status-text]");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (doc) {
          if (!doc) return;
          if (out) out.textContent = STATUS[doc.status] || doc.status;
          if (doc.status !== "pending") window.location.reload();
          else window.setTimeout(tick, 2000);
        })
        .catch(function () { window.setTimeout(tick, 5000); });
    }
    window.setTimeout(tick, 1500);
  }

  // System picker: a search box above the multi-select that filters it and adds matches from the register.
  function enhancePicker(select) {
    var box = document.createElement("div");
    box.className = "field";
    var id = select.id + "-search";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Find system i registret";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    box.appendChild(label);
    box.appendChild(input);
    select.parentNode.insertBefore(box, select);
    var timer = null;
    function filter(q) {
      q = q.toLowerCase();
      Array.prototype.forEach.call(select.options, function (o) {
        o.hidden = q !== "" && !o.selected && o.text.toLowerCase().indexOf(q) < 0;
      });
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      filter(q);
      window.clearTimeout(timer);
      if (q.length < 2) return;
      timer = window.setTimeout(function () {
        fetch("/api/v1/systems?limit=20&q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            var list = data && (data.systems || data.items || data);
            if (!Array.isArray(list)) return;
            list.forEach(function (s) {
              if (!s || !s.id || select.querySelector('option[value="' + CSS.escape(s.id) + '"]')) return;
              select.appendChild(new Option(s.name + " (" + s.id + ")", s.id));
            });
            filter(input.value.trim());
          })
          .catch(function () {});
      }, 250);
    });
  }

  // Supplier: choosing a known CVR from the suggestions fills in the name, as the server would.
  function enhanceSupplier(cvr) {
    var name = document.getElementById("f-supplier_name");
    var list = cvr.list;
    if (!name || !list) return;
    cvr.addEventListener("change", function () {
      var hit = Array.prototype.find.call(list.options, function (o) { return o.value === cvr.value.trim(); });
      if (hit && !name.value) name.value = hit.textContent;
    });
  }

  function init(root) {
    var cvr = root.querySelector("#f-supplier_cvr");
    if (cvr) enhanceSupplier(cvr);
    root.querySelectorAll("form[data-upload]").forEach(enhanceUpload);
    root.querySelectorAll("[data-status-url]").forEach(pollStatus);
    root.querySelectorAll("select[data-system-picker]").forEach(enhancePicker);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { init(document); });
  else init(document);
})();
