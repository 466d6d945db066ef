/* Pagefind's own UI, served from this site (no CDN); ?q= comes from the header form.
   Posts and service pages are two bundles (rebuilt separately): the second is merged. */
(function(){var m=document.getElementById("recherche").getAttribute("data-merge"),
ui=new PagefindUI({element:"#recherche",showImages:false,showSubResults:true,resetStyles:false,
mergeIndex:m?[{bundlePath:new URL(m,location.href).href}]:[]}),
q=new URLSearchParams(location.search).get("q"),i=document.querySelector("#recherche input");
if(i)i.setAttribute("aria-label","Rechercher dans le site");if(q)ui.triggerSearch(q)})();
