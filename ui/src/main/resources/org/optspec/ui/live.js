// The live training page: reads /events (server-sent events, replayed from the start for a late page) and draws
// every chart on a canvas by itself; nothing is fetched from anywhere else.
"use strict";
const PALETTE = ["#4E79A7", "#F28E2B", "#E15759", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#FF9DA7", "#9C755F", "#BAB0AC"];
const runs = [];        // run names in order of appearance
const data = {};        // run -> {steps, losses, lrs, epochs, train, validation, metrics{}, gradSteps, grad, ratios{}, settings, end}
let stepPoints = 0;

function run(name) {
  if (!data[name]) {
    runs.push(name);
    data[name] = {steps: [], losses: [], lrs: [], epochs: [], train: [], validation: [], metrics: {},
      gradSteps: [], grad: [], ratios: {}, settings: null, end: null};
  }
  return data[name];
}

function receive(e) {
  const r = run(e.run);
  if (e.type === "settings") {
    r.settings = e.settings;
  } else if (e.type === "step") {
    r.steps.push(e.step); r.losses.push(e.loss); r.lrs.push(e.lr); stepPoints++;
  } else if (e.type === "epoch") {
    r.epochs.push(e.epoch); r.train.push(e.train_loss); r.validation.push(e.validation_loss);
    for (const [k, v] of Object.entries(e.metrics || {})) {
      (r.metrics[k] = r.metrics[k] || []).push([e.epoch, v]);
    }
  } else if (e.type === "stats") {
    r.gradSteps.push(e.step); r.grad.push(e.grad_norm);
    for (const [k, v] of Object.entries(e.ratios || {})) {
      (r.ratios[k] = r.ratios[k] || []).push([e.step, v]);
    }
  } else if (e.type === "end") {
    r.end = e.how;
  }
  schedule();
}

let pending = false;
function schedule() {
  if (!pending) {
    pending = true;
    setTimeout(() => { pending = false; draw(); }, 150);
  }
}

// ---- a small plotter: series of [x, y] points, linear x, linear or log y, ticks and grid
function nice(span) {
  const m = Math.pow(10, Math.floor(Math.log10(span)));
  for (const f of [1, 2, 2.5, 5, 10]) { if (f * m >= span) return f * m; }
  return 10 * m;
}
function label(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e5) return String(+v.toPrecision(4));
  return v.toExponential(1).replace("e+", "e");
}
function plot(id, series, logY) {
  const canvas = document.getElementById(id);
  const w = canvas.clientWidth, h = canvas.clientHeight, dpr = window.devicePixelRatio || 1;
  canvas.width = w * dpr; canvas.height = h * dpr;
  const g = canvas.getContext("2d");
  g.scale(dpr, dpr);
  g.fillStyle = "#fff"; g.fillRect(0, 0, w, h);
  const pts = series.flatMap(s => s.points).filter(p => isFinite(p[0]) && isFinite(p[1]) && (!logY || p[1] > 0));
  canvas.dataset.points = String(pts.length);
  const L = 58, R = 10, T = 8, B = 24;
  g.strokeStyle = "#bbb"; g.strokeRect(L, T, w - L - R, h - T - B);
  if (pts.length === 0) { g.fillStyle = "#999"; g.font = "12px sans-serif"; g.fillText("no data yet", L + 8, T + 18); return; }
  let x0 = Math.min(...pts.map(p => p[0])), x1 = Math.max(...pts.map(p => p[0]));
  const ys = pts.map(p => logY ? Math.log10(p[1]) : p[1]);
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (x1 === x0) { x1 = x0 + 1; }
  if (y1 === y0) { y0 -= logY ? 0.5 : Math.abs(y0) * 0.1 + 1e-9; y1 += logY ? 0.5 : Math.abs(y1) * 0.1 + 1e-9; }
  const pad = (y1 - y0) * 0.05; y0 -= pad; y1 += pad;
  const px = x => L + (x - x0) / (x1 - x0) * (w - L - R);
  const py = y => T + (1 - ((logY ? Math.log10(y) : y) - y0) / (y1 - y0)) * (h - T - B);
  g.font = "11px sans-serif"; g.fillStyle = "#555"; g.strokeStyle = "#eee";
  const yticks = [];
  if (logY) { for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) yticks.push(Math.pow(10, e)); }
  if (yticks.length < 2) {
    const lo = logY ? Math.pow(10, y0) : y0, hi = logY ? Math.pow(10, y1) : y1, st = nice((hi - lo) / 4);
    yticks.length = 0;
    for (let v = Math.ceil(lo / st) * st; v <= hi; v += st) { if (!logY || v > 0) yticks.push(v); }
  }
  for (const v of yticks) {
    const y = py(v);
    g.beginPath(); g.moveTo(L, y); g.lineTo(w - R, y); g.stroke();
    g.fillText(label(v), 4, y + 4);
  }
  const st = nice((x1 - x0) / 5);
  for (let v = Math.ceil(x0 / st) * st; v <= x1; v += st) {
    const x = px(v);
    g.beginPath(); g.moveTo(x, T); g.lineTo(x, h - B); g.stroke();
    g.fillText(label(v), x - 10, h - 8);
  }
  for (const s of series) {
    g.strokeStyle = s.color; g.lineWidth = 1.8; g.setLineDash(s.dashed ? [6, 4] : []);
    g.beginPath();
    let started = false;
    for (const p of s.points) {
      if (!isFinite(p[1]) || (logY && p[1] <= 0)) { started = false; continue; }
      const x = px(p[0]), y = py(p[1]);
      if (started) g.lineTo(x, y); else { g.moveTo(x, y); started = true; }
    }
    g.stroke();
    if (s.points.length === 1 && isFinite(s.points[0][1])) {
      g.fillStyle = s.color; g.beginPath(); g.arc(px(s.points[0][0]), py(s.points[0][1]), 3, 0, 7); g.fill();
    }
  }
  g.setLineDash([]);
}
function legend(id, series) {
  document.getElementById(id).innerHTML = series.filter(s => !s.dashed || s.legend)
    .map(s => `<span style="color:${s.color}">&#9644; ${escape(s.name)}</span>`).join("");
}
function escape(s) {
  return String(s).replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]));
}
function zip(xs, ys) { return xs.map((x, i) => [x, ys[i]]); }

function draw() {
  const loss = [], epochs = [], metrics = [], lr = [], grad = [], ratios = [];
  let c = 0;
  runs.forEach((name, i) => {
    const r = data[name], colour = PALETTE[i % PALETTE.length];
    loss.push({name, color: colour, points: zip(r.steps, r.losses)});
    epochs.push({name: name + " train", color: colour, points: zip(r.epochs, r.train)});
    epochs.push({name: name + " validation", color: colour, dashed: true, points: zip(r.epochs, r.validation)});
    lr.push({name, color: colour, points: zip(r.steps, r.lrs)});
    grad.push({name, color: colour, points: zip(r.gradSteps, r.grad)});
    for (const [k, pts] of Object.entries(r.metrics)) {
      metrics.push({name: (runs.length > 1 ? name + " " : "") + k, color: PALETTE[c++ % PALETTE.length], points: pts});
    }
  });
  let t = 0;
  runs.forEach(name => {
    for (const [k, pts] of Object.entries(data[name].ratios)) {
      ratios.push({name: (runs.length > 1 ? name + " " : "") + k, color: PALETTE[t++ % PALETTE.length], points: pts});
    }
  });
  plot("loss", loss, true); legend("loss-legend", loss);
  plot("epochs", epochs, true); legend("epochs-legend", epochs);
  plot("metrics", metrics, false); legend("metrics-legend", metrics);
  plot("lr", lr, false); legend("lr-legend", lr);
  plot("grad", grad, true); legend("grad-legend", grad);
  plot("ratios", ratios, true); legend("ratios-legend", ratios);
  const done = runs.filter(n => data[n].end !== null).length;
  const last = runs.length ? data[runs[runs.length - 1]] : null;
  const lastStep = last && last.steps.length ? last.steps[last.steps.length - 1] : 0;
  document.getElementById("status").innerHTML =
    (runs.length && done === runs.length ? "training ended (" + escape(last.end) + "); the page keeps what it shows" : "training…")
    + ` · <span id="points">${stepPoints}</span> steps received · step ${lastStep}`
    + (last && last.epochs.length ? ` · epoch ${last.epochs[last.epochs.length - 1]}` : "");
  document.getElementById("title").textContent = "OptSpec: " + (runs.length ? runs.join(", ") : "live training");
  document.getElementById("settings").innerHTML = runs.map(name => {
    const s = data[name].settings || {};
    return `<table><tr><td colspan="2"><b>${escape(name)}</b></td></tr>` + Object.entries(s).map(([k, v]) =>
      `<tr><td>${escape(k)}</td><td>${escape(Array.isArray(v) ? v.join(", ") : v)}</td></tr>`).join("") + "</table>";
  }).join("<br>");
}

const source = new EventSource("events");
source.onmessage = m => receive(JSON.parse(m.data));
source.onerror = () => {
  // the server stopped (--ui-exit or Ctrl-C): keep what is drawn, stop reconnecting
  source.close();
  const s = document.getElementById("status");
  if (s) s.insertAdjacentText("beforeend", " · server gone");
};
window.addEventListener("resize", draw);
draw();
