/* Pagefind's own UI, served from this site (no CDN); ?q= comes from the header form. */
(function(){var ui=new PagefindUI({element:"#recherche",showImages:false,showSubResults:true,resetStyles:false,
ranking:{pageLength:0,termSaturation:0.6}}),
q=new URLSearchParams(location.search).get("q"),i=document.querySelector("#recherche input");
if(i)i.setAttribute("aria-label","Rechercher dans le site");if(q)ui.triggerSearch(q)})();
