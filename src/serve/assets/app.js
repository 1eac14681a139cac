// verbatim serve: swaps the page's main part in place when a link or the scope form is used,
// keeps the address bar in step (every view is a shareable link), and says when an ingest has
// committed a newer index. The page works without it, as plain links and forms.
// Written for verbatim; MIT licence, like the rest of the project.
(function () {
  "use strict";

  function sameOrigin(url) {
    return url.origin === window.location.origin;
  }

  // Fetches a view and puts its main part in place of the current one.
  async function show(href, push) {
    var main = document.getElementById("app");
    if (main) main.setAttribute("aria-busy", "true");
    try {
      var response = await fetch(href, { headers: { Accept: "text/html" } });
      var html = await response.text();
      var doc = new DOMParser().parseFromString(html, "text/html");
      var next = doc.getElementById("app");
      if (!next) throw new Error("no page in the answer");
      main.replaceWith(document.importNode(next, true));
      document.title = doc.title;
      if (push) window.history.pushState({}, "", href);
      var shown = document.getElementById("open") || document.getElementById("search");
      if (shown && push) reveal(shown);
    } catch (e) {
      window.location.href = href;
    }
  }

  // Scrolls a section's top into sight, below the scope bar where that bar stays on screen
  // (wide windows), unless it is in sight already.
  function reveal(section) {
    var bar = document.getElementById("scope");
    var below = bar && window.getComputedStyle(bar).position === "sticky"
      ? bar.getBoundingClientRect().bottom : 0;
    var top = section.getBoundingClientRect().top;
    if (top >= below && top < window.innerHeight / 2) return;
    window.scrollBy(0, top - below - 8);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var url = new URL(link.href, window.location.href);
    if (!sameOrigin(url) || url.pathname !== "/") return;
    event.preventDefault();
    show(url.pathname + url.search, true);
  });

  function submitScope(form) {
    var data = new FormData(form);
    var query = new URLSearchParams();
    data.forEach(function (value, key) {
      if (String(value).trim() !== "") query.append(key, value);
    });
    var search = query.toString();
    show("/" + (search ? "?" + search : ""), true);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "scope") return;
    event.preventDefault();
    submitScope(form);
  });

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.id === "scope" && event.target.name !== "q") submitScope(form);
  });

  window.addEventListener("popstate", function () {
    show(window.location.pathname + window.location.search, false);
  });

  // An ingest that commits while the page is open: offer the newer index.
  async function checkNewer() {
    try {
      var response = await fetch("/status");
      var status = await response.json();
      var banner = document.getElementById("newer");
      if (banner && status.newer) banner.hidden = false;
    } catch (e) {
      /* the server has stopped: nothing to say */
    }
  }
  window.setInterval(checkNewer, 5000);
})();
