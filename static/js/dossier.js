/* The case page's six groups (div[data-dossiergroep]) as tabs (progressive enhancement): a URL hash naming a group
   (#plan, #historie) shows that group alone and marks its nav link with aria-current; any other hash (a section
   such as #kop-verwijzingen after a form) or none shows the whole page, as without this script, and '#alles'
   returns to it. The browser's back button walks back through the tabs (they are plain hash links). */
(function () {
  "use strict";

  function init() {
    var nav = document.querySelector("[data-dossiernav]");
    var groepen = Array.prototype.slice.call(document.querySelectorAll("[data-dossiergroep]"));
    if (!nav || !groepen.length) {
      return;
    }
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
    document.documentElement.classList.add("app-dossier-tabs");

    function groepMetId(id) {
      // the group's name (data-dossiergroep) is its hash; it is its id too, except for "journaal", whose
      // section (the first of the group) has that id
      return groepen.filter(function (g) {
        return g.getAttribute("data-dossiergroep") === id;
      })[0] || null;
    }

    function toon(groep) {
      document.documentElement.classList.toggle("app-dossier-tab-open", groep !== null);
      groepen.forEach(function (g) {
        g.hidden = groep !== null && g !== groep;
      });
      var huidig = groep ? "#" + groep.getAttribute("data-dossiergroep") : "#alles";
      links.forEach(function (a) {
        if (a.getAttribute("href") === huidig) {
          a.setAttribute("aria-current", "true");
        } else {
          a.removeAttribute("aria-current");
        }
      });
    }

    function volgHash(scrollen) {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var groep = groepMetId(id);
      toon(groep);
      if (!scrollen || !id) {
        return;
      }
      if (groep || id === "alles") {
        nav.scrollIntoView();
      } else {
        var doel = document.getElementById(id);
        if (doel) {
          doel.scrollIntoView();
        }
      }
    }

    window.addEventListener("hashchange", function () {
      volgHash(true);
    });
    volgHash(false);
    if (window.location.hash) {
      // scroll once the page has its final layout (fonts, the charts), or the jump lands short
      if (document.readyState === "complete") {
        volgHash(true);
      } else {
        window.addEventListener("load", function () {
          volgHash(true);
        });
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
