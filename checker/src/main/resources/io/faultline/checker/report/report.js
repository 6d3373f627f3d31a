(function () {
  'use strict';
  // Every string from the history reaches the page through textContent, fillText or
  // setAttribute, never through innerHTML, so markup in a value shows as text.
  var phases = [];
  function phase(name) { phases.push(name + '=' + Math.round(performance.now())); }
  phase('start');
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  phase('parsed');
  var timed = data.timed;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var COLORS = { ok: '#81c784', fail: '#cfcfcf', info: '#ffb74d', open: '#ffb74d' };
  var ROLE_COLORS = { leader: '#1e88e5', candidate: '#fdd835', 'pre-candidate': '#fff176', follower: '#cfd8dc',
    down: '#e53935', killed: '#e53935', paused: '#8e24aa', removed: '#6d4c41', unknown: '#ffffff' };
  var FN_COLORS = ['#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#5d4037', '#455a64'];
  var LEFT = 96, RIGHT = 12;

  // ---- operations, decoded once into typed columns (no object per op) ----------------------
  // Row i of every array is one client operation; the data sends indices and times as deltas.
  var O = data.ops, N = O.n;
  var ID = new Float64Array(N), CID = new Float64Array(N), P = new Float64Array(N), TY = new Uint8Array(N),
      FN = new Int32Array(N), KEY = new Int32Array(N), NODE = new Int32Array(N), S = new Float64Array(N),
      E = new Float64Array(N), ERR = new Int32Array(N).fill(-1);
  (function decode() {
    var id = 0, tick = 0;
    for (var i = 0; i < N; i++) {
      id += O.id[i]; tick += O.s[i];
      ID[i] = id; CID[i] = O.done[i] === 0 ? -1 : id + O.done[i]; P[i] = O.p[i]; TY[i] = O.type[i];
      FN[i] = O.f[i]; KEY[i] = O.key[i]; NODE[i] = O.node[i];
      S[i] = timed ? tick / 1e6 : tick;
      E[i] = O.d[i] < 0 ? -1 : timed ? (tick + O.d[i]) / 1e6 : tick + O.d[i];
    }
    for (var j = 0; j < O.error.length; j += 2) { ERR[O.error[j]] = O.error[j + 1]; }
  })();
  var TYPE_OK = data.types.indexOf('ok'), TYPE_INFO = data.types.indexOf('info');
  phase('decoded');
  // The row of a history index, built on first use (a click from the story): most openings never need it.
  var rowById = null;
  function rowOf(id) {
    if (rowById === null) { rowById = new Map(); for (var i = 0; i < N; i++) { rowById.set(ID[i], i); } }
    var r = rowById.get(id);
    return r === undefined ? -1 : r;
  }
  function showValue(v) {
    if (v === null) { return 'nil'; }
    if (typeof v === 'string') { return JSON.stringify(v); }
    if (Array.isArray(v)) { return '[' + v.map(showValue).join(', ') + ']'; }
    if (typeof v === 'object') { return v.text; }
    return String(v);
  }
  function keyOf(i) { return KEY[i] < 0 ? null : data.keys[KEY[i]]; }
  function nodeOf(i) { return NODE[i] < 0 ? null : data.nodes[NODE[i]]; }
  var hl = data.highlight;
  var blocking = new Set(hl.blocking), candidates = new Set(hl.candidates), shrunk = new Set(hl.shrunk);
  var order = new Map();
  hl.prefix.forEach(function (id, i) { order.set(id, i + 1); });
  var story = data.story || null;
  var lanes = data.lanes || null;
  var storyMarks = new Map();
  if (story) { story.ops.forEach(function (o) { storyMarks.set(o.id, o); }); }

  function fmt(t) { return timed ? t.toFixed(3) + ' s' : 'line ' + Math.round(t); }
  function describeOp(i) {
    var id = ID[i], node = nodeOf(i), key = keyOf(i);
    var s = 'process ' + P[i] + '  ' + data.fs[FN[i]] + (key !== null ? ' ' + JSON.stringify(key) : '') + '  value ' +
        showValue(O.value[i]) + '\n' + data.types[TY[i]] + ', invoked ' + fmt(S[i]) +
        (E[i] >= 0 ? ', completed ' + fmt(E[i]) : ', never completed') +
        (timed && E[i] >= 0 ? ' (' + ((E[i] - S[i]) * 1000).toFixed(1) + ' ms)' : '') +
        (node ? '\nanswered by ' + node + roleWords(node, E[i] >= 0 ? E[i] : S[i]) : '') +
        '\nhistory index ' + id + (CID[i] >= 0 ? ' → ' + CID[i] : '') + ' (0-based; result.json uses these)';
    if (ERR[i] >= 0) { s += '\nerror ' + data.errors[ERR[i]]; }
    if (order.has(id)) { s += '\nposition ' + order.get(id) + ' in the longest linearizable prefix'; }
    if (blocking.has(id)) { s += '\ncould not be linearized before it completed'; }
    if (candidates.has(id)) { s += '\none of the operations that could not go next'; }
    if (shrunk.has(id)) { s += '\npart of the shrunk counterexample'; }
    if (storyMarks.has(id) && storyMarks.get(id).markWords) { s += '\n' + storyMarks.get(id).markWords; }
    return s;
  }
  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs) { n.setAttribute(k, attrs[k]); }
    if (text !== undefined) { n.textContent = text; }
    return n;
  }
  function svg(tag, attrs, text) {
    var n = document.createElementNS(SVGNS, tag);
    for (var k in attrs) { n.setAttribute(k, attrs[k]); }
    if (text !== undefined) { n.textContent = text; }
    return n;
  }

  // ---- node roles over time (run reports) ---------------------------------------------
  function segmentAt(node, t) {
    if (!lanes || !lanes.segs[node]) { return null; }
    var segs = lanes.segs[node];
    for (var i = 0; i < segs.length; i++) {
      if (segs[i][0] <= t && t <= segs[i][1]) { return segs[i]; }
    }
    return null;
  }
  function roleWords(node, t) {
    var seg = segmentAt(node, t);
    if (!seg) { return ''; }
    return ' (' + seg[2] + (seg[3] >= 0 ? ', term ' + seg[3] : '') + ' at that time)';
  }
  /** What the answering node said in its reply (term, leader), when the system tells: beside what its log says. */
  function reportedWords(o) {
    if (o.term === undefined && o.leader === undefined) { return ''; }
    return '; its reply said ' + [o.term !== undefined ? 'term ' + o.term : null,
      o.leader !== undefined ? 'leader ' + o.leader : null].filter(function (x) { return x !== null; }).join(', ');
  }
  function faultsAt(t) {
    return data.nemesis.filter(function (b) { return b.s <= t && (b.e < 0 || t <= b.e); });
  }

  // ---- one time axis for every chart --------------------------------------------------
  var full = { lo: Math.min(data.minT, 0), hi: data.maxT };
  if (data.run) { full.hi = Math.max(full.hi, data.run.end); }
  full.hi += (full.hi - full.lo) * 0.01;
  var axis = { lo: full.lo, hi: full.hi };
  var charts = [];
  function xOf(t, w, ax) { return LEFT + (t - ax.lo) / (ax.hi - ax.lo) * (w - LEFT - RIGHT); }
  function tOf(x, w, ax) { return ax.lo + (x - LEFT) / (w - LEFT - RIGHT) * (ax.hi - ax.lo); }
  function sizeCanvas(c, h) {
    var w = Math.max(500, c.parentNode.clientWidth - 2);
    var r = window.devicePixelRatio || 1;
    c.width = Math.round(w * r);
    c.height = Math.round(h * r);
    c.style.width = w + 'px';
    c.style.height = h + 'px';
    var g = c.getContext('2d');
    g.setTransform(r, 0, 0, r, 0, 0);
    return { g: g, w: w, h: h };
  }
  function drawBands(g, w, top, h, ax, labels) {
    data.nemesis.forEach(function (b) {
      var x1 = Math.max(LEFT, xOf(b.s, w, ax)), x2 = Math.min(w - RIGHT, xOf(b.e >= 0 ? b.e : ax.hi, w, ax));
      if (x2 < LEFT || x1 > w - RIGHT) { return; }
      g.fillStyle = 'rgba(253,216,53,0.22)';
      g.fillRect(x1, top, Math.max(2, x2 - x1), h);
      if (labels) {
        g.fillStyle = '#8d6e00';
        g.font = '10px sans-serif';
        g.fillText(b.label.slice(0, Math.max(4, Math.floor((x2 - x1) / 6))), x1 + 2, top + 10);
      }
    });
  }
  function drawXAxis(g, w, y, h, ax) {
    g.strokeStyle = '#eee';
    g.fillStyle = '#555';
    g.font = '10px sans-serif';
    for (var i = 0; i <= 10; i++) {
      var t = ax.lo + (ax.hi - ax.lo) * i / 10, x = xOf(t, w, ax);
      g.beginPath(); g.moveTo(x, y); g.lineTo(x, y + h); g.stroke();
      g.fillText(timed ? t.toFixed(ax.hi - ax.lo < 5 ? 2 : 1) + ' s' : String(Math.round(t)), x + 2, y + 10);
    }
  }
  // A chart is drawn once it comes into view, then again whenever the axis moves: what is
  // below the fold costs nothing until the reader scrolls to it.
  function addChart(element, draw, height) {
    // Its height before its first draw, so that what is in view is known before anything is drawn.
    if (height) { element.style.height = height + 'px'; }
    charts.push({ el: element, draw: draw, shown: false });
  }
  function redrawAll() { charts.forEach(function (c) { if (c.shown) { c.draw(); } }); }
  function showChart(c) { if (!c.shown) { c.shown = true; c.draw(); } }
  /** Draws the charts in view now; the others when they scroll into view. */
  function drawChartsInView() {
    var lazy = typeof IntersectionObserver === 'function' ? new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        if (!en.isIntersecting) { return; }
        lazy.unobserve(en.target);
        charts.forEach(function (c) { if (c.el === en.target) { showChart(c); } });
      });
    }, { rootMargin: '200px' }) : null;
    charts.forEach(function (c, i) {
      if (lazy === null || c.el.getBoundingClientRect().top < window.innerHeight + 200) { showChart(c); phase('chart' + i); }
      else { lazy.observe(c.el); }
    });
  }
  var pending = false;
  function scheduleRedraw() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; redrawAll(); });
  }
  function zoomAround(t, factor) {
    var lo = t - (t - axis.lo) * factor, hi = t + (axis.hi - t) * factor;
    var minSpan = timed ? 0.001 : 2;
    if (hi - lo < minSpan) { return; }
    axis.lo = Math.max(full.lo, lo);
    axis.hi = Math.min(full.hi, hi);
    scheduleRedraw();
  }
  function attachAxisControls(canvas) {
    canvas.addEventListener('wheel', function (e) {
      if (!e.ctrlKey) { return; }
      e.preventDefault();
      var w = canvas.clientWidth;
      zoomAround(tOf(e.offsetX, w, axis), e.deltaY < 0 ? 0.7 : 1 / 0.7);
    }, { passive: false });
    var drag = null;
    canvas.addEventListener('mousedown', function (e) { drag = { x: e.clientX, lo: axis.lo, hi: axis.hi, moved: false }; });
    window.addEventListener('mousemove', function (e) {
      if (!drag) { return; }
      var dx = e.clientX - drag.x;
      if (Math.abs(dx) > 3) { drag.moved = true; }
      if (!drag.moved) { return; }
      var span = drag.hi - drag.lo, dt = -dx / (canvas.clientWidth - LEFT - RIGHT) * span;
      var lo = Math.max(full.lo, Math.min(full.hi - span, drag.lo + dt));
      axis.lo = lo; axis.hi = lo + span;
      scheduleRedraw();
    });
    window.addEventListener('mouseup', function () { setTimeout(function () { drag = null; }, 0); });
    canvas.isDrag = function () { return drag !== null && drag.moved; };
  }

  // ---- the per-process timeline --------------------------------------------------------
  var keyFilter = -1, cexOnly = false, selected = -1;
  var view = document.getElementById('timeline');
  var details = document.getElementById('details');
  var rows = [], rowOfProcess = new Map(), rowH = 18;
  function visible(i) {
    if (keyFilter >= 0 && KEY[i] !== keyFilter) { return false; }
    if (cexOnly && !shrunk.has(ID[i]) && !blocking.has(ID[i])) { return false; }
    return true;
  }
  function layoutRows() {
    var procs = new Map(), count = 0;
    for (var i = 0; i < N; i++) {
      if (!visible(i)) { continue; }
      var list = procs.get(P[i]);
      if (list === undefined) { list = []; procs.set(P[i], list); }
      list.push(i);
      count++;
    }
    var ps = Array.from(procs.keys()).sort(function (a, b) { return a - b; });
    rows = ps.map(function (p) { return { p: p, ops: procs.get(p) }; });
    rowOfProcess = new Map();
    rows.forEach(function (r, k) { rowOfProcess.set(r.p, k); });
    rowH = rows.length > 400 ? 12 : 18;
    document.getElementById('shown-count').textContent = count + ' of ' + N + ' operations shown';
  }
  function barEnd(i, ax) { return E[i] >= 0 && TY[i] !== TYPE_INFO ? E[i] : ax.hi; }
  function fillOf(i) { return blocking.has(ID[i]) ? '#e53935' : COLORS[data.types[TY[i]]]; }
  var timelineCanvas = null, spacer = null;
  // Only the rows in view are drawn: the canvas is one viewport high and stays put
  // (sticky) while a spacer gives the scroll height, so a history with thousands of
  // processes costs what a screenful costs.
  function drawTimeline() {
    var c = timelineCanvas, AX = 16;
    var total = AX + Math.max(1, rows.length) * rowH + 4;
    var viewH = Math.min(total, Math.max(200, Math.round(window.innerHeight * 0.7)));
    spacer.style.height = total + 'px';
    var top = Math.min(view.scrollTop, Math.max(0, total - viewH));
    var d = sizeCanvas(c, viewH), g = d.g, w = d.w;
    var first = Math.max(0, Math.floor(top / rowH) - 1), last = Math.min(rows.length, Math.ceil((top + viewH) / rowH) + 1);
    g.clearRect(0, 0, w, d.h);
    drawBands(g, w, 0, d.h, axis, true);
    drawXAxis(g, w, 0, d.h, axis);
    g.font = Math.min(11, rowH - 2) + 'px sans-serif';
    var right = w - RIGHT;
    // One path per fill colour and per outline style: a canvas draws 100,000 rectangles in a
    // few batched calls far faster than with a state change per rectangle. Neighbouring ops
    // of one colour that meet within a pixel become one rectangle, so a row costs at most
    // its width in pixels however many ops it holds.
    var fills = {}, outlines = { prefix: [], candidate: [], shrunk: [], selected: [] }, labels = [];
    function batch(key) { if (!fills[key]) { fills[key] = []; } return fills[key]; }
    for (var r = first; r < last; r++) {
      var ops = rows[r].ops;
      var y = AX + r * rowH - top;
      g.fillStyle = '#555'; g.fillText('process ' + rows[r].p, 4, y + rowH - 4);
      var run = null, runColor = null;
      for (var k = 0; k < ops.length; k++) {
        var i = ops[k], id = ID[i];
        var end = barEnd(i, axis);
        if (end < axis.lo || S[i] > axis.hi) { continue; }
        var x1 = Math.max(LEFT, xOf(S[i], w, axis)), x2 = Math.min(right, xOf(end, w, axis));
        var width = Math.max(2, x2 - x1), color = fillOf(i);
        if (run !== null && color === runColor && x1 <= run[0] + run[2] + 1) {
          run[2] = Math.max(run[2], x1 + width - run[0]);
        } else {
          run = [x1, y + 2, width, rowH - 4];
          runColor = color;
          batch(color).push(run);
        }
        var rect = [x1, y + 2, width, rowH - 4];
        if (selected === i) { outlines.selected.push(rect); }
        else if (shrunk.has(id)) { outlines.shrunk.push(rect); }
        else if (candidates.has(id)) { outlines.candidate.push(rect); }
        else if (order.has(id)) { outlines.prefix.push(rect); }
        if (order.has(id) && width > 18) { labels.push([order.get(id), x1 + 2, y + rowH - 4]); }
      }
    }
    // The axis strip stays on top of the scrolled rows.
    g.clearRect(0, 0, w, AX);
    drawBands(g, w, 0, AX, axis, true);
    drawXAxis(g, w, 0, AX, axis);
    Object.keys(fills).forEach(function (color) {
      g.fillStyle = color;
      g.beginPath();
      fills[color].forEach(function (q) { g.rect(q[0], q[1], q[2], q[3]); });
      g.fill();
    });
    [['prefix', '#1565c0', 2], ['candidate', '#6a1b9a', 2], ['shrunk', '#b71c1c', 3], ['selected', '#000', 3]].forEach(function (st) {
      if (!outlines[st[0]].length) { return; }
      g.strokeStyle = st[1]; g.lineWidth = st[2];
      g.beginPath();
      outlines[st[0]].forEach(function (q) { g.rect(q[0], q[1], q[2], q[3]); });
      g.stroke();
    });
    g.lineWidth = 1;
    g.fillStyle = '#0d47a1';
    labels.forEach(function (l) { g.fillText('#' + l[0], l[1], l[2]); });
  }
  function opAtTimeline(x, y) {
    var r = Math.floor((y - 16 + view.scrollTop) / rowH);
    if (r < 0 || r >= rows.length) { return -1; }
    var w = timelineCanvas.clientWidth, best = -1;
    rows[r].ops.forEach(function (i) {
      var x1 = xOf(S[i], w, axis), x2 = Math.max(x1 + 2, xOf(barEnd(i, axis), w, axis));
      if (x >= x1 - 3 && x <= x2 + 3 && (best < 0 || S[i] > S[best])) { best = i; }
    });
    return best;
  }
  function select(i, scroll) {
    selected = i;
    if (view && !visible(i)) {
      cexOnly = false;
      document.getElementById('cex-only').checked = false;
      if (keyFilter >= 0 && KEY[i] !== keyFilter) { keyFilter = -1; keySelect.selectedIndex = 0; }
      layoutRows();
    }
    details.textContent = describeOp(i);
    if (scroll) {
      var span = axis.hi - axis.lo;
      if (S[i] < axis.lo || S[i] > axis.hi) { axis.lo = Math.max(full.lo, S[i] - span / 2); axis.hi = axis.lo + span; }
      var r = rowOfProcess.get(P[i]);
      if (r !== undefined) { view.scrollTop = Math.max(0, 16 + r * rowH - view.clientHeight / 2); }
      view.scrollIntoView({ block: 'nearest' });
    }
    scheduleRedraw();
  }
  var keySelect = document.getElementById('key-filter');
  if (view) {
    spacer = el('div', { 'class': 'timeline-spacer' });
    timelineCanvas = el('canvas', { 'class': 'chart-canvas timeline-canvas' });
    spacer.appendChild(timelineCanvas);
    view.appendChild(spacer);
    var scrolling = false;
    view.addEventListener('scroll', function () {
      if (scrolling) { return; }
      scrolling = true;
      requestAnimationFrame(function () { scrolling = false; drawTimeline(); });
    });
    attachAxisControls(timelineCanvas);
    timelineCanvas.addEventListener('click', function (e) {
      if (timelineCanvas.isDrag()) { return; }
      var i = opAtTimeline(e.offsetX, e.offsetY);
      if (i >= 0) { select(i, false); }
    });
    addChart(view, drawTimeline);
    // The key dictionary holds each key once; the filter lists them sorted, by their index.
    var keyOrder = data.keys.map(function (k, i) { return i; })
        .sort(function (a, b) { return data.keys[a] < data.keys[b] ? -1 : data.keys[a] > data.keys[b] ? 1 : 0; });
    if (keyOrder.length === 0) { keySelect.disabled = true; }
    keyOrder.slice(0, 5000).forEach(function (k) { keySelect.appendChild(el('option', { value: String(k) }, data.keys[k])); });
    var focus = data.focusKey === null ? -1 : data.keys.indexOf(data.focusKey);
    if (focus >= 0) { keySelect.value = String(focus); keyFilter = focus; }
    keySelect.addEventListener('change', function () { keyFilter = keySelect.selectedIndex === 0 ? -1 : Number(keySelect.value); layoutRows(); scheduleRedraw(); });
    document.getElementById('cex-only').addEventListener('change', function (e) { cexOnly = e.target.checked; layoutRows(); scheduleRedraw(); });
    layoutRows();
  }
  function button(id, fn) { var b = document.getElementById(id); if (b) { b.addEventListener('click', fn); } }
  button('zoom-in', function () { zoomAround((axis.lo + axis.hi) / 2, 0.5); });
  button('zoom-out', function () { zoomAround((axis.lo + axis.hi) / 2, 2); });
  button('zoom-reset', function () { axis.lo = full.lo; axis.hi = full.hi; scheduleRedraw(); });

  // ---- run charts: latency dots, quantiles, throughput, availability, roles -----------
  function lineChart(host, title, height, series, yMax, yLabel, fmtY) {
    var c = el('canvas', { 'class': 'chart-canvas', title: title });
    host.appendChild(c);
    attachAxisControls(c);
    addChart(c, function () {
      var d = sizeCanvas(c, height), g = d.g, w = d.w, h = d.h, top = 14, bottom = h - 4;
      g.clearRect(0, 0, w, h);
      drawBands(g, w, 0, h, axis, false);
      drawXAxis(g, w, 0, h, axis);
      var max = yMax();
      g.fillStyle = '#555'; g.font = '10px sans-serif';
      g.fillText(yLabel, 4, top + 8);
      g.fillText(fmtY(max), 4, top + 20);
      g.fillText(fmtY(0), 4, bottom - 2);
      var step = data.run.step;
      series().forEach(function (s) {
        g.strokeStyle = s.color; g.lineWidth = s.width || 1.5;
        if (s.dash) { g.setLineDash(s.dash); }
        g.beginPath();
        var open = false;
        for (var i = 0; i < s.values.length; i++) {
          var v = s.values[i];
          if (v === null) { open = false; continue; }
          var x = xOf((i + 0.5) * step, w, axis), y = bottom - v / max * (bottom - top);
          if (open) { g.lineTo(x, y); } else { g.moveTo(x, y); open = true; }
        }
        g.stroke();
        g.setLineDash([]);
        g.lineWidth = 1;
      });
    }, height);
  }
  function legend(host, items) {
    var d = el('div', { 'class': 'legend meta' });
    items.forEach(function (it) {
      var s = el('span');
      s.appendChild(el('i', { 'class': 'swatch', style: 'background:' + it.color }));
      s.appendChild(document.createTextNode(it.label));
      d.appendChild(s);
    });
    host.appendChild(d);
  }
  function maxOf(list) {
    var m = 0;
    list.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > m) { m = v; } }); });
    return m > 0 ? m * 1.1 : 1;
  }
  function runCharts() {
    var host = document.getElementById('run-charts');
    if (!host || !data.run) { return; }
    var run = data.run, fns = Object.keys(run.throughput);
    var color = {};
    fns.forEach(function (f, i) { color[f] = FN_COLORS[i % FN_COLORS.length]; });

    host.appendChild(el('h3', {}, 'Latency of every operation (ms, log scale) — click a dot'));
    var lat = el('canvas', { 'class': 'chart-canvas' });
    host.appendChild(lat);
    attachAxisControls(lat);
    var maxMs = 1;
    for (var i = 0; i < N; i++) { if (E[i] >= 0 && (E[i] - S[i]) * 1000 > maxMs) { maxMs = (E[i] - S[i]) * 1000; } }
    var loMs = 0.1, H = 220;
    function yMs(ms, h) { return h - 6 - (Math.log10(Math.max(ms, loMs)) - Math.log10(loMs)) / (Math.log10(maxMs * 1.2) - Math.log10(loMs)) * (h - 22); }
    // Dots are pixels written into an image, not 100,000 rectangles for the canvas to
    // rasterize: ok first, then fail, then unknown on top, as a reader looks for those.
    var dotLayer = document.createElement('canvas'), dotPixels = null;
    var DOT_COLORS = [[TYPE_OK, 0xff327d2e], [data.types.indexOf('fail'), 0xff9e9e9e], [TYPE_INFO, 0xff0051e6]];
    function drawDots(g, w, ax) {
      var r = window.devicePixelRatio || 1, W = Math.round(w * r), Hp = Math.round(H * r), size = Math.max(2, Math.round(2 * r));
      if (dotLayer.width !== W || dotLayer.height !== Hp || dotPixels === null) {
        dotLayer.width = W; dotLayer.height = Hp;
        dotPixels = dotLayer.getContext('2d').createImageData(W, Hp);
      }
      var px = new Uint32Array(dotPixels.data.buffer);
      px.fill(0);
      var xMin = Math.round(LEFT * r), xMax = Math.round((w - RIGHT) * r) - size;
      DOT_COLORS.forEach(function (tc) {
        for (var i = 0; i < N; i++) {
          if (TY[i] !== tc[0] || E[i] < 0 || S[i] < ax.lo || S[i] > ax.hi) { continue; }
          var x = Math.round((xOf(S[i], w, ax) - 1) * r), y = Math.round((yMs((E[i] - S[i]) * 1000, H) - 1) * r);
          if (x < xMin || x > xMax || y < 0 || y > Hp - size) { continue; }
          for (var dy = 0; dy < size; dy++) { px.fill(tc[1], (y + dy) * W + x, (y + dy) * W + x + size); }
        }
      });
      dotLayer.getContext('2d').putImageData(dotPixels, 0, 0);
      g.drawImage(dotLayer, 0, 0, w, H);
    }
    addChart(lat, function () {
      var d = sizeCanvas(lat, H), g = d.g, w = d.w;
      g.clearRect(0, 0, w, H);
      drawBands(g, w, 0, H, axis, false);
      drawXAxis(g, w, 0, H, axis);
      g.fillStyle = '#555'; g.font = '10px sans-serif';
      [0.1, 1, 10, 100, 1000, 10000].forEach(function (ms) {
        if (ms > maxMs * 1.2) { return; }
        var y = yMs(ms, H);
        g.fillText(ms >= 1000 ? ms / 1000 + ' s' : ms + ' ms', 4, y + 3);
        g.strokeStyle = '#f0f0f0'; g.beginPath(); g.moveTo(LEFT, y); g.lineTo(w - RIGHT, y); g.stroke();
      });
      drawDots(g, w, axis);
      if (selected >= 0 && E[selected] >= 0) {
        g.strokeStyle = '#000'; g.lineWidth = 2;
        g.beginPath(); g.arc(xOf(S[selected], w, axis), yMs((E[selected] - S[selected]) * 1000, H), 6, 0, 2 * Math.PI); g.stroke();
        g.lineWidth = 1;
      }
    }, H);
    lat.addEventListener('click', function (e) {
      if (lat.isDrag()) { return; }
      var w = lat.clientWidth, best = -1, bestD = 64;
      for (var i = 0; i < N; i++) {
        if (E[i] < 0) { continue; }
        var dx = xOf(S[i], w, axis) - e.offsetX, dy = yMs((E[i] - S[i]) * 1000, H) - e.offsetY, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = i; }
      }
      if (best >= 0) { select(best, true); }
    });
    legend(host, [{ color: '#2e7d32', label: 'ok' }, { color: '#9e9e9e', label: 'fail' }, { color: '#e65100', label: 'info (unknown)' }]);

    host.appendChild(el('h3', {}, 'Latency quantiles per second (ms)'));
    var pick = el('select', { id: 'quantile-f' });
    Object.keys(run.quantiles).forEach(function (f) { pick.appendChild(el('option', { value: f }, f)); });
    var label = el('label', {}, 'function ');
    label.appendChild(pick);
    host.appendChild(label);
    var qColors = { p50: '#2e7d32', p95: '#1565c0', p99: '#6a1b9a', max: '#c62828' };
    function qSeries() {
      var q = run.quantiles[pick.value];
      return Object.keys(qColors).map(function (k) { return { values: q[k], color: qColors[k] }; });
    }
    lineChart(host, 'latency quantiles', 180, qSeries, function () { return maxOf(qSeries()); }, 'ms', function (v) { return v.toFixed(v < 10 ? 1 : 0); });
    pick.addEventListener('change', scheduleRedraw);
    legend(host, Object.keys(qColors).map(function (k) { return { color: qColors[k], label: k }; }));

    host.appendChild(el('h3', {}, 'Throughput per function (completions / s)'));
    function tSeries() {
      var out = fns.map(function (f) { return { values: run.throughput[f], color: color[f] }; });
      out.push({ values: run.failed, color: '#9e9e9e', dash: [4, 3] });
      out.push({ values: run.unknown, color: '#e65100', dash: [4, 3] });
      return out;
    }
    lineChart(host, 'throughput', 160, tSeries, function () { return maxOf(tSeries()); }, 'ops/s', function (v) { return v.toFixed(0); });
    legend(host, fns.map(function (f) { return { color: color[f], label: f + ' (ok and definite answers)' }; })
        .concat([{ color: '#9e9e9e', label: 'failed (errors, all functions)' }, { color: '#e65100', label: 'unknown (info)' }]));

    host.appendChild(el('h3', {}, 'Availability (% of completions the cluster answered)'));
    lineChart(host, 'availability', 120, function () { return [{ values: run.availability, color: '#2e7d32', width: 2 }]; },
        function () { return 100; }, '%', function (v) { return v.toFixed(0); });

    if (lanes) {
      host.appendChild(el('h3', {}, 'Node roles (from the node logs) and faults; dashed: cut off from the majority'));
      var rc = el('canvas', { 'class': 'chart-canvas' });
      host.appendChild(rc);
      attachAxisControls(rc);
      addChart(rc, function () { drawLanes(rc, axis); }, 14 + lanes.nodes.length * 20 + 4);
      legend(host, Object.keys(ROLE_COLORS).filter(function (r) { return r !== 'unknown' && r !== 'pre-candidate'; })
          .map(function (r) { return { color: ROLE_COLORS[r], label: r === 'down' ? 'no answer' : r }; }));
    }
  }
  function drawLanes(c, ax) {
    var laneH = 20, top = 14;
    var d = sizeCanvas(c, top + lanes.nodes.length * laneH + 4), g = d.g, w = d.w;
    g.clearRect(0, 0, w, d.h);
    drawXAxis(g, w, 0, d.h, ax);
    g.font = '10px sans-serif';
    lanes.nodes.forEach(function (n, i) {
      var y = top + i * laneH;
      g.fillStyle = '#333';
      g.fillText(n, 4, y + 13);
      (lanes.segs[n] || []).forEach(function (s) {
        if (s[1] < ax.lo || s[0] > ax.hi) { return; }
        var x1 = Math.max(LEFT, xOf(s[0], w, ax)), x2 = Math.min(w - RIGHT, xOf(s[1], w, ax));
        g.fillStyle = ROLE_COLORS[s[2]] || '#eee';
        g.fillRect(x1, y + 2, Math.max(1, x2 - x1), laneH - 4);
        if (x2 - x1 > 46) {
          g.fillStyle = s[2] === 'leader' || s[2] === 'down' || s[2] === 'killed' || s[2] === 'paused' || s[2] === 'removed' ? '#fff' : '#333';
          g.fillText(s[2] + (s[3] >= 0 ? ' t' + s[3] : ''), x1 + 3, y + 13);
        }
      });
      (lanes.cut[n] || []).forEach(function (s) {
        if (s[1] < ax.lo || s[0] > ax.hi) { return; }
        var x1 = Math.max(LEFT, xOf(s[0], w, ax)), x2 = Math.min(w - RIGHT, xOf(s[1], w, ax));
        g.strokeStyle = '#000'; g.setLineDash([3, 2]); g.lineWidth = 2;
        g.strokeRect(x1, y + 1, Math.max(1, x2 - x1), laneH - 2);
        g.setLineDash([]); g.lineWidth = 1;
      });
    });
    drawBands(g, w, 0, d.h, ax, true);
  }

  // ---- the failure story ----------------------------------------------------------------
  // An acknowledged write that no read saw after a fault came between (harness: LostWrite).
  function lostWriteWords(lost, w, r) {
    var s = 'Lost write: ' + w.label + ' (process ' + w.p + ', acknowledged ' + fmt(w.e) +
        (w.node ? ' by ' + w.node + roleWords(w.node, w.e) : '') + '): no read from ' + fmt(r.s) + ' on returned it. ' +
        'Between its acknowledgement and process ' + r.p + '\'s ' + r.label + ' (invoked ' + fmt(r.s) +
        (r.node ? ', answered by ' + r.node : '') + ') came ' +
        lost.faults.map(function (f) { return f[1] + ' at ' + fmt(f[0]) + ' (' + f[2] + ')'; }).join(', then ') + '.';
    if (lost.logs.length) {
      s += ' The node logs: ' + lost.logs.map(function (l) { return l[0] + (l[1] !== null ? ' at ' + fmt(l[1]) : '') + ': "' + l[2] + '"'; }).join('; ') + '.';
    } else {
      s += ' No node logged the loss.';
    }
    return s;
  }

  function storySection() {
    var host = document.getElementById('story');
    if (!host || !story) { return; }
    host.className = 'story';
    host.appendChild(el('h2', {}, 'The failure' + (story.key !== null ? ' on key ' + JSON.stringify(story.key) : '')));
    var byStoryId = new Map(story.ops.map(function (o) { return [o.id, o]; }));
    var judged = story.ops.filter(function (o) { return o.mark === 'stale-read' || o.mark === 'impossible-read'; });
    var bad = byStoryId.get(story.blocking);
    if (!bad || !(bad.mark === 'stale-read' || bad.mark === 'impossible-read')) { bad = judged[0] || bad; }
    var missed = bad && bad.missed !== null && byStoryId.has(bad.missed) ? [byStoryId.get(bad.missed)] : [];
    var readFrom = bad && bad.readFrom !== null && byStoryId.has(bad.readFrom) ? [byStoryId.get(bad.readFrom)] : [];
    var lost = story.lost && byStoryId.has(story.lost.write) && byStoryId.has(story.lost.read) ? story.lost : null;
    if (lost) {
      host.appendChild(el('p', { 'class': 'headline' }, lostWriteWords(lost, byStoryId.get(lost.write), byStoryId.get(lost.read))));
    } else if (bad) {
      var t = bad.e >= 0 ? bad.e : bad.s;
      var s = (bad.mark === 'stale-read' ? 'Stale read: ' : bad.mark === 'impossible-read' ? 'Impossible read: ' : 'Not linearizable: ') +
          'process ' + bad.p + ' ' + bad.label + ', invoked ' + fmt(bad.s) + (bad.e >= 0 ? ', answered ' + fmt(bad.e) : '') +
          (bad.node ? ' by ' + bad.node + roleWords(bad.node, t) : '') + reportedWords(bad) + '.';
      if (missed.length) {
        s += ' It missed ' + missed.map(function (m) {
          if (m.seenBy !== undefined && m.seenBy !== null) {
            return m.label + ' (process ' + m.p + ', ' + (m.type === 'ok' ? 'acknowledged ' + fmt(m.e) : 'outcome unknown') +
                ', but its value was read by process ' + m.seenBy + ' at ' + fmt(m.seenAt) + ')';
          }
          return m.label + ' (process ' + m.p + ', acknowledged ' + fmt(m.e) + (m.node ? ' by ' + m.node + roleWords(m.node, m.e) : '') +
              reportedWords(m) + ')';
        }).join(' and ') + '.';
      }
      if (readFrom.length) {
        s += ' The value it returned was written by ' + readFrom.map(function (m) { return m.label + ' (process ' + m.p + ', ' + fmt(m.s) + ')'; }).join(', ') + '.';
      }
      var faults = faultsAt(t);
      s += faults.length ? ' Fault in effect: ' + faults.map(function (b) { return b.label; }).join('; ') + '.' : ' No fault was in effect at that moment.';
      if (bad.node && lanes && (lanes.cut[bad.node] || []).some(function (c) { return c[0] <= t && t <= c[1]; })) {
        s += ' ' + bad.node + ' was cut off from the majority then.';
      }
      host.appendChild(el('p', { 'class': 'headline' }, s));
    }
    host.appendChild(el('div', { 'class': 'explanation' }, story.explanation));
    if (story.counterexampleSize > story.ops.length) {
      host.appendChild(el('p', { 'class': 'note' }, 'The counterexample has ' + story.counterexampleSize +
          ' operations (shrinking stopped early); the ' + story.ops.length + ' invoked nearest the dead end are drawn.'));
    }

    var lo = Infinity, hi = -Infinity;
    story.ops.forEach(function (o) { lo = Math.min(lo, o.s); hi = Math.max(hi, o.e >= 0 ? o.e : o.s); });
    var pad = Math.max((hi - lo) * 0.15, timed ? 0.05 : 1);
    var ax = { lo: timed ? lo - pad : Math.max(0, lo - pad), hi: hi + pad };
    var W = Math.max(700, host.clientWidth - 40), rowHgt = 26, top = 18;
    var laneNodes = lanes ? lanes.nodes : [];
    var H = top + story.ops.length * rowHgt + (laneNodes.length ? 10 + laneNodes.length * 20 : 0) + 6;
    var LBL = 150;
    function x(t) { return LBL + (t - ax.lo) / (ax.hi - ax.lo) * (W - LBL - 10); }
    var pic = svg('svg', { width: W, height: H, 'class': 'story-svg' });
    data.nemesis.forEach(function (b) {
      var e = b.e >= 0 ? b.e : ax.hi;
      if (e < ax.lo || b.s > ax.hi) { return; }
      var x1 = x(Math.max(b.s, ax.lo)), x2 = x(Math.min(e, ax.hi));
      pic.appendChild(svg('rect', { x: x1, y: 0, width: Math.max(2, x2 - x1), height: H, 'class': 'band' }));
      pic.appendChild(svg('text', { x: x1 + 3, y: 11, 'class': 'band-label' }, b.label));
    });
    for (var i = 0; i <= 6; i++) {
      var tt = ax.lo + (ax.hi - ax.lo) * i / 6;
      pic.appendChild(svg('text', { x: x(tt), y: H - 2, 'class': 'tick-label' }, fmt(tt)));
    }
    story.ops.forEach(function (o, r) {
      var y = top + r * rowHgt;
      pic.appendChild(svg('text', { x: 4, y: y + 16, 'class': 'row-label' }, 'process ' + o.p + (o.node ? ' → ' + o.node : '')));
      var end = o.e >= 0 && o.type !== 'info' ? o.e : ax.hi;
      var x1 = x(o.s), x2 = Math.max(x1 + 3, x(end));
      var bar = svg('rect', { x: x1, y: y + 3, width: x2 - x1, height: rowHgt - 8, rx: 3, 'class': 'sop ' + o.type + ' ' + o.mark });
      bar.appendChild(svg('title', {}, o.label + (o.markWords ? ' — ' + o.markWords : '')));
      bar.addEventListener('click', function () { var i = rowOf(o.id); if (i >= 0) { select(i, true); } });
      pic.appendChild(bar);
      var text = o.label + (o.markWords ? '   ◀ ' + o.markWords.toUpperCase() : '');
      var tx = x1 + 4 > W - 260 ? Math.max(LBL, x1 - 8 - text.length * 6.2) : x1 + 4;
      pic.appendChild(svg('text', { x: tx, y: y + 15, 'class': 'sop-label ' + o.mark }, text));
    });
    if (laneNodes.length) {
      var ly = top + story.ops.length * rowHgt + 10;
      laneNodes.forEach(function (n, k) {
        var y = ly + k * 20;
        pic.appendChild(svg('text', { x: 4, y: y + 13, 'class': 'row-label' }, n + ' role'));
        (lanes.segs[n] || []).forEach(function (s) {
          if (s[1] < ax.lo || s[0] > ax.hi) { return; }
          var x1 = x(Math.max(s[0], ax.lo)), x2 = x(Math.min(s[1], ax.hi));
          pic.appendChild(svg('rect', { x: x1, y: y + 2, width: Math.max(1, x2 - x1), height: 14, fill: ROLE_COLORS[s[2]] || '#eee' }));
          if (x2 - x1 > 60) {
            pic.appendChild(svg('text', { x: x1 + 3, y: y + 13, 'class': 'lane-label ' + s[2] }, s[2] + (s[3] >= 0 ? ' term ' + s[3] : '')));
          }
        });
        (lanes.cut[n] || []).forEach(function (s) {
          if (s[1] < ax.lo || s[0] > ax.hi) { return; }
          var x1 = x(Math.max(s[0], ax.lo)), x2 = x(Math.min(s[1], ax.hi));
          pic.appendChild(svg('rect', { x: x1, y: y + 1, width: Math.max(1, x2 - x1), height: 16, 'class': 'cut' }));
        });
      });
    }
    host.appendChild(pic);

    if (story.states.length) {
      var det = el('details', { open: '', 'class': 'states' });
      det.appendChild(el('summary', {}, 'Model state after each step of the longest linearizable prefix (' +
          (story.states.length < story.prefixSize ? 'last ' + story.states.length + ' of ' : '') + story.prefixSize + ' steps)'));
      var tbl = el('table', { 'class': 'states' });
      var head = el('tr');
      ['step', 'operation', 'state after it'].forEach(function (h) { head.appendChild(el('th', {}, h)); });
      tbl.appendChild(head);
      story.states.forEach(function (st) {
        var tr = el('tr');
        tr.appendChild(el('td', { 'class': 'num' }, '#' + st.n));
        tr.appendChild(el('td', {}, st.label));
        tr.appendChild(el('td', {}, st.state));
        tbl.appendChild(tr);
      });
      det.appendChild(tbl);
      host.appendChild(det);
    }
    if (story.logs) {
      Object.keys(story.logs).forEach(function (n) {
        var lines = story.logs[n];
        host.appendChild(el('h3', {}, n + ' log, ' + fmt(story.logWindow[0]) + ' to ' + fmt(story.logWindow[1]) +
            ' (times in run seconds)'));
        host.appendChild(el('pre', { 'class': 'log' }, lines.length ? lines.map(function (l) {
          return (l[0] === null ? '          ' : ('+' + l[0].toFixed(3) + ' s').padStart(10)) + '  ' + l[1];
        }).join('\n') : '(no lines in this window)'));
      });
    }
  }

  phase('indexed');
  storySection();
  phase('story');
  runCharts();
  phase('charts-set-up');
  drawChartsInView();
  window.addEventListener('resize', scheduleRedraw);
  // For measurements: when the first frame is drawn, relative to navigation start.
  document.documentElement.setAttribute('data-drawn-ms', String(Math.round(performance.now())));
  document.documentElement.setAttribute('data-phases', phases.join(' '));
  // And when the first frame with all of it has been painted.
  requestAnimationFrame(function () {
    setTimeout(function () {
      document.documentElement.setAttribute('data-painted-ms', String(Math.round(performance.now())));
    }, 0);
  });
})();
