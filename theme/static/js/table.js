/* Megawatch: sort and filter the promise table; without it the table is whole. */
(function(){var t=document.getElementById("promesses"),b=t&&t.tBodies[0],w=document.getElementById("outils");if(!b)return;
var R=[].slice.call(b.rows),S=document.getElementById("f-svc"),O=document.getElementById("f-oc"),Q=document.getElementById("f-q"),N=document.getElementById("f-n");
function v(r,i){var c=r.cells[i];return c.getAttribute("data-v")||c.textContent.trim()}
function f(){var s=S.value,o=O.value,q=Q.value.toLowerCase(),n=0;R.forEach(function(r){var k=(!s||v(r,0)==s)&&(!o||r.cells[4].textContent.indexOf(o)>=0)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);r.hidden=!k;n+=k});
N.textContent=n+" promesse"+(n>1?"s":"")+" sur "+R.length}
[].forEach.call(t.tHead.rows[0].cells,function(h,i){var x=document.createElement("button");x.type="button";x.textContent=h.textContent;h.textContent="";h.appendChild(x);
x.onclick=function(){var d=h.getAttribute("aria-sort")=="ascending"?-1:1;[].forEach.call(t.tHead.rows[0].cells,function(c){c.removeAttribute("aria-sort")});h.setAttribute("aria-sort",d>0?"ascending":"descending");
R.sort(function(a,c){var p=v(a,i),q=v(c,i),m=+p-+q;return d*(isNaN(m)?p.localeCompare(q,"fr"):m)});R.forEach(function(r){b.appendChild(r)})}});
S.onchange=O.onchange=Q.oninput=f;w.hidden=false;f()})();
