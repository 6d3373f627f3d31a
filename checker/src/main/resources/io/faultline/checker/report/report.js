(function () {
  'use strict';
  // Every string from the history reaches the page through textContent or an attribute set
  // with setAttribute, never through innerHTML, so markup in a value shows as text.
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var ops = data.ops.map(function (a) {
    return { id: a[0], cid: a[1], p: a[2], type: a[3], f: a[4], key: a[5], value: a[6], error: a[7], s: a[8], e: a[9] };
  });
  var hl = data.highlight;
  var blocking = new Set(hl.blocking), candidates = new Set(hl.candidates), shrunk = new Set(hl.shrunk);
  var order = new Map();
  hl.prefix.forEach(function (id, i) { order.set(id, i + 1); });
  var zoom = 1, keyFilter = null, cexOnly = false, selected = null;
  var rowH = 20, labelW = 70, axisH = 26;
  var view = document.getElementById('timeline');
  var details = document.getElementById('details');

  function node(name, attrs, text) {
    var n = document.createElementNS(SVG, name);
    for (var k in attrs) { n.setAttribute(k, attrs[k]); }
    if (text !== undefined) { n.textContent = text; }
    return n;
  }
  function when(t) {
    return data.timed ? (t / 1e6).toFixed(3) + ' ms' : 'line ' + t;
  }
  function describe(o) {
    var s = 'process ' + o.p + '  ' + o.f + (o.key !== null ? ' ' + JSON.stringify(o.key) : '') +
        '  value ' + o.value + '\n' + o.type + ', invoked ' + when(o.s) +
        (o.e >= 0 ? ', completed ' + when(o.e) : ', never known to complete') +
        '\nhistory index ' + o.id + (o.cid >= 0 ? ' → ' + o.cid : '');
    if (o.error !== null) { s += '\nerror ' + o.error; }
    if (order.has(o.id)) { s += '\nposition ' + order.get(o.id) + ' in the longest linearizable prefix'; }
    if (blocking.has(o.id)) { s += '\ncould not be linearized before it completed'; }
    if (candidates.has(o.id)) { s += '\none of the operations that could not go next'; }
    if (shrunk.has(o.id)) { s += '\npart of the shrunk counterexample'; }
    return s;
  }
  function visible(o) {
    if (keyFilter !== null && o.key !== keyFilter) { return false; }
    if (cexOnly && !shrunk.has(o.id) && !blocking.has(o.id)) { return false; }
    return true;
  }
  function render() {
    var shown = ops.filter(visible);
    var procs = Array.from(new Set(shown.map(function (o) { return o.p; }))).sort(function (a, b) { return a - b; });
    var row = new Map(procs.map(function (p, i) { return [p, i]; }));
    var lo = Infinity, hi = -Infinity;
    shown.forEach(function (o) { lo = Math.min(lo, o.s); hi = Math.max(hi, o.e >= 0 ? o.e : o.s); });
    if (!isFinite(lo)) { lo = data.minT; hi = data.maxT; }
    hi = Math.max(hi, lo + 1);
    var pad = (hi - lo) * 0.01;
    lo -= pad; hi += pad;
    var width = Math.max(view.clientWidth - 4, 500) * zoom;
    var height = axisH + Math.max(1, procs.length) * rowH + 8;
    var x = function (t) { return labelW + (Math.min(Math.max(t, lo), hi) - lo) / (hi - lo) * (width - labelW - 8); };
    var svg = node('svg', { width: width, height: height });
    data.nemesis.forEach(function (b) {
      var x1 = x(b.s), x2 = x(b.e >= 0 ? b.e : hi);
      var band = node('rect', { 'class': 'band', x: x1, y: 0, width: Math.max(2, x2 - x1), height: height });
      band.appendChild(node('title', {}, b.label));
      svg.appendChild(band);
      svg.appendChild(node('text', { 'class': 'band-label', x: x1 + 2, y: 10 }, b.label.slice(0, 40)));
    });
    for (var i = 0; i <= 10; i++) {
      var t = lo + (hi - lo) * i / 10, tx = x(t);
      svg.appendChild(node('line', { 'class': 'tick', x1: tx, x2: tx, y1: axisH - 6, y2: height }));
      svg.appendChild(node('text', { 'class': 'tick-label', x: tx + 2, y: axisH - 8 }, when(data.timed ? t : Math.max(1, Math.round(t)))));
    }
    procs.forEach(function (p, r) {
      var y = axisH + r * rowH;
      svg.appendChild(node('line', { 'class': 'row-line', x1: 0, x2: width, y1: y + rowH, y2: y + rowH }));
      svg.appendChild(node('text', { 'class': 'row-label', x: 4, y: y + 14 }, 'process ' + p));
    });
    shown.forEach(function (o) {
      var y = axisH + row.get(o.p) * rowH + 3;
      var x1 = x(o.s), x2 = o.e >= 0 ? x(o.e) : x(hi);
      var w = Math.max(3, x2 - x1);
      var cls = 'op ' + o.type;
      if (order.has(o.id)) { cls += ' prefix'; }
      if (candidates.has(o.id)) { cls += ' candidate'; }
      if (shrunk.has(o.id)) { cls += ' shrunk'; }
      if (blocking.has(o.id)) { cls += ' blocking'; }
      if (selected === o.id) { cls += ' selected'; }
      var r = node('rect', { 'class': cls, x: x1, y: y, width: w, height: rowH - 6, rx: 2 });
      r.appendChild(node('title', {}, describe(o)));
      r.addEventListener('click', function () { selected = o.id; details.textContent = describe(o); render(); });
      svg.appendChild(r);
      if (order.has(o.id) && w > 16) {
        svg.appendChild(node('text', { 'class': 'order', x: x1 + 2, y: y + 11 }, '#' + order.get(o.id)));
      }
    });
    view.replaceChildren(svg);
    document.getElementById('shown-count').textContent = shown.length + ' of ' + ops.length + ' operations shown';
  }
  var keys = Array.from(new Set(ops.map(function (o) { return o.key; }).filter(function (k) { return k !== null; }))).sort();
  var select = document.getElementById('key-filter');
  if (keys.length === 0) {
    select.disabled = true;
  }
  keys.slice(0, 5000).forEach(function (k) {
    var opt = document.createElement('option');
    opt.value = k;
    opt.textContent = k;
    select.appendChild(opt);
  });
  if (data.focusKey !== null && keys.indexOf(data.focusKey) >= 0) {
    select.value = data.focusKey;
    keyFilter = data.focusKey;
  }
  select.addEventListener('change', function () { keyFilter = select.selectedIndex === 0 ? null : select.value; render(); });
  document.getElementById('zoom-in').addEventListener('click', function () { zoom = Math.min(zoom * 2, 4096); render(); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom = Math.max(zoom / 2, 1); render(); });
  document.getElementById('zoom-reset').addEventListener('click', function () { zoom = 1; render(); });
  document.getElementById('cex-only').addEventListener('change', function (e) { cexOnly = e.target.checked; render(); });
  view.addEventListener('wheel', function (e) {
    if (!e.ctrlKey) { return; }
    e.preventDefault();
    var frac = (view.scrollLeft + e.offsetX) / Math.max(1, view.scrollWidth);
    zoom = e.deltaY < 0 ? Math.min(zoom * 1.5, 4096) : Math.max(zoom / 1.5, 1);
    render();
    view.scrollLeft = frac * view.scrollWidth - e.offsetX;
  }, { passive: false });
  window.addEventListener('resize', render);
  render();
})();
