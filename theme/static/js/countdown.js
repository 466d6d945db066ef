/* Megawatch live countdown: mirrors plugins/megawatch/tracking.py countdown(), word for word. */
(function(){var tz=document.body.getAttribute("data-tz"),D=864e5,
F=new Intl.DateTimeFormat("en-US",{timeZone:tz,year:"numeric",month:"numeric",day:"numeric"});
function u(s){return Date.UTC(+s.slice(0,4),s.slice(5,7)-1,+s.slice(8,10))}
function n(x){return String(x).replace(/\B(?=(\d{3})+(?!\d))/g,"\u202f")}
function j(x){return x==1?"un jour":n(x)+" jours"}
function z(x){return(x<10?"0":"")+x}
function r(s){s=Math.max(0,s);return n(Math.floor(s/86400))+" j "+z(Math.floor(s%86400/3600))+" h "+z(Math.floor(s%3600/60))+" min "+z(s%60)+" s"}
function q(e,c,t){e=e.querySelector(c);if(e&&e.textContent!=t)e.textContent=t}
function run(){var t=Date.now(),p={},d;
F.formatToParts(t).forEach(function(x){p[x.type]=x.value});d=Date.UTC(p.year,p.month-1,p.day);
[].forEach.call(document.querySelectorAll(".cd"),function(e){
var a=e.dataset,s=a.start,f=a.end,w=a.window,S=s&&Date.parse(s),E=f&&Date.parse(f),k,m,h,x,c="";
if(a.state=="launched"||a.state=="none"||a.state=="unbounded"||!E)return;
if(S&&t<S){k="upcoming";m=(u(s)-d)/D;h="J-"+n(m);x="Lancement promis : "+w+", dans "+j(m)+".";c="Ouverture dans "+r(Math.floor((S-t)/1e3))}
else if(E&&t>=E){k="late";m=(d-u(f))/D+1;h=m==1?"En retard d’un jour":"En retard de "+j(m);x="La date promise ("+w+") est passée depuis "+j(m)+".";c="Retard : "+r(Math.floor((t-E)/1e3))}
else{k="open";m=(u(f)-d)/D;h="Encore "+j(m);x="Fenêtre promise en cours ("+w+") : il reste "+j(m)+".";c="Fin de la fenêtre dans "+r(Math.floor((E-t)/1e3))}
a.state=k;q(e,".headline",h);q(e,".detail",x);q(e,".tick",c)})}
run();setInterval(run,1e3)})();
