/* Megawatch live countdown: mirrors plugins/megawatch/tracking.py countdown(), word for word. */
(function(){var tz=document.body.getAttribute("data-tz"),D=864e5,
F=new Intl.DateTimeFormat("en-US",{timeZone:tz,year:"numeric",month:"numeric",day:"numeric"});
function u(s){return Date.UTC(+s.slice(0,4),s.slice(5,7)-1,+s.slice(8,10))}
function n(x){return String(x).replace(/\B(?=(\d{3})+(?!\d))/g,"\u202f")}
function j(x){return x==1?"un jour":n(x)+" jours"}
function z(x){return(x<10?"0":"")+x}
function r(s){s=Math.max(0,s);return n(Math.floor(s/86400))+" j "+z(Math.floor(s%86400/3600))+" h "+z(Math.floor(s%3600/60))+" min "+z(s%60)+" s"}
function g(a,b){var A=new Date(a),B=new Date(b),m=(B.getUTCFullYear()-A.getUTCFullYear())*12+B.getUTCMonth()-A.getUTCMonth(),y,o,Y,M;
if(B.getUTCDate()<A.getUTCDate())m--;if(m<1)return j((b-a)/D);
y=Math.floor(m/12);o=m%12;Y=y==1?"un an":n(y)+" ans";M=o==1?"un mois":o+" mois";return y&&o?Y+" et "+M:y?Y:M}
function q(e,c,t){e=e.querySelector(c);if(e){if(e.textContent!=t)e.textContent=t;e.hidden=false}}
function run(){var t=Date.now(),p={},d;
F.formatToParts(t).forEach(function(x){p[x.type]=x.value});d=Date.UTC(p.year,p.month-1,p.day);
[].forEach.call(document.querySelectorAll(".cd"),function(e){
var a=e.dataset,s=a.start,f=a.end,w=a.window,S=s&&Date.parse(s),E=f&&Date.parse(f),k,m,h,x,c="";
if(a.state=="launched"||a.state=="none"||a.state=="unbounded"||a.state=="ended"||!E)return;
if(S&&t<S){k="upcoming";m=(u(s)-d)/D;h="J-"+n(m);x="Lancement promis : "+w+".";c="Ouverture dans "+r(Math.floor((S-t)/1e3))}
else if(E&&t>=E){k="late";m=(d-u(f))/D+1;h=g(u(f)-D,d);h=(h.slice(0,2)=="un"?"En retard d’":"En retard de ")+h;x=j(m);x=x[0].toUpperCase()+x.slice(1)+" après la date promise ("+w+").";c="Depuis l’échéance : "+r(Math.floor((t-E)/1e3))}
else{k="open";m=(u(f)-d)/D;h="Encore "+j(m);x="Fenêtre promise en cours : "+w+".";c="Fin de la fenêtre dans "+r(Math.floor((E-t)/1e3))}
a.state=k;q(e,".headline",h);q(e,".detail",x);q(e,".tick",c)})}
run();setInterval(run,1e3)})();
