/* Pagefind's own UI, served from this site (no CDN); ?q= comes from the header form. */
(function(){var ui=new PagefindUI({element:"#recherche",showImages:false,showSubResults:true,resetStyles:false}),
q=new URLSearchParams(location.search).get("q");if(q)ui.triggerSearch(q)})();
