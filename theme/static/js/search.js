/* Pagefind's own UI, served from this site (no CDN); ?q= comes from the header form.
   /pagefind/ indexes the service pages; the posts' bundles (by groups of years, rebuilt
   separately, see scrapers/site.py) are merged into it. */
(function(){var m=(document.getElementById("recherche").getAttribute("data-merge")||"").split(" ").filter(Boolean),
ui=new PagefindUI({element:"#recherche",showImages:false,showSubResults:true,resetStyles:false,
ranking:{pageLength:0,termSaturation:0.6},
mergeIndex:m.map(function(b){return{bundlePath:new URL(b,location.href).href}})}),
q=new URLSearchParams(location.search).get("q"),i=document.querySelector("#recherche input");
if(i)i.setAttribute("aria-label","Rechercher dans le site");if(q)ui.triggerSearch(q)})();
