/* eventwire drawings: timeline, actor network, map and trend, as plain SVG.
 *
 * The page embeds its data in <script type="application/json" id="chart-data">
 * (a data block the Content-Security-Policy allows; nothing inline runs), and
 * the names of the quad classes in the drawings' data-quad-names attribute
 * (from the server's ontology, so they are written down once). Every
 * text goes in through textContent, never innerHTML, and every link is an SVG
 * <a href> so the drawings can be used with the keyboard.
 */
(function () {
  'use strict';

  var NS = 'http://www.w3.org/2000/svg';
  var QUADS = {};  /* quad class -> name, read from the page by init() */
  var DAY = 86400000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function label(parent, x, y, str, attrs) {
    var node = el('text', Object.assign({ x: x, y: y }, attrs || {}), parent);
    node.textContent = str;
    return node;
  }

  function tooltip(node, str) {
    el('title', {}, node).textContent = str;
  }

  /* a link when there is somewhere to go, else a plain group */
  function target(parent, href, name) {
    if (!href) { return el('g', {}, parent); }
    var a = el('a', { href: href }, parent);
    a.setAttribute('aria-label', name);
    return a;
  }

  function dayNumber(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
  }

  function isoDay(n) {
    return new Date(n * DAY).toISOString().slice(0, 10);
  }

  function viewBox(svg, w, h) {
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  }

  function empty(svg, w, h, message) {
    viewBox(svg, w, h);
    label(svg, w / 2, h / 2, message, { 'text-anchor': 'middle', 'class': 'empty' });
  }

  /* date ticks: month starts for long spans, evenly spaced days otherwise */
  function dateTicks(min, max) {
    var ticks = [];
    if (max - min > 120) {
      var d = new Date(min * DAY);
      var cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY;
      var step = Math.max(1, Math.round((max - min) / 30 / 8));
      var i = 0;
      while (cursor <= max) {
        if (i % step === 0) { ticks.push(cursor); }
        var c = new Date(cursor * DAY);
        cursor = Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + 1, 1) / DAY;
        i += 1;
      }
    } else {
      var n = Math.min(7, Math.max(2, Math.round(max - min)));
      for (var k = 0; k <= n; k++) { ticks.push(Math.round(min + (max - min) * k / n)); }
    }
    return ticks;
  }

  function drawTimeline(svg, data) {
    var W = 1000, H = 230, L = 150, R = 20, T = 10, B = 28;
    var panel = svg.getAttribute('data-evidence-panel') ? document.getElementById(svg.getAttribute('data-evidence-panel')) : null;
    var points = (data && data.points) || [];
    if (!points.length) { empty(svg, W, H, 'No dated events to draw.'); return; }
    viewBox(svg, W, H);
    var days = points.map(function (p) { return dayNumber(p.day); });
    var min = Math.min.apply(null, days), max = Math.max.apply(null, days);
    if (max - min < 6) { min -= 3; max += 3; }
    var x = function (d) { return L + (d - min) / (max - min) * (W - L - R); };
    var lane = (H - T - B) / 4;
    var laneY = function (q) { return T + lane * ((q || 4) - 0.5); };
    for (var q = 1; q <= 4; q++) {
      el('line', { x1: L, x2: W - R, y1: laneY(q), y2: laneY(q), 'class': 'axis', 'stroke-dasharray': '2 4' }, svg);
      label(svg, L - 8, laneY(q) + 4, q + ' ' + QUADS[q], { 'text-anchor': 'end' });
    }
    el('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }, svg);
    dateTicks(min, max).forEach(function (t) {
      el('line', { x1: x(t), x2: x(t), y1: H - B, y2: H - B + 4, 'class': 'axis' }, svg);
      /* keep the first and last dates inside the drawing */
      var anchor = x(t) > W - R - 40 ? 'end' : x(t) < L + 40 ? 'start' : 'middle';
      label(svg, x(t), H - B + 16, isoDay(t), { 'text-anchor': anchor });
    });
    /* circle area by sources (or by count for bins), scaled so the largest stays apart from its neighbours */
    var size = function (p) { return data.mode === 'events' ? (p.num_sources || 1) : (p.count || 1); };
    var largest = Math.max.apply(null, points.map(size));
    var columns = {};
    points.forEach(function (p) { columns[p.day] = true; });
    var spacing = (W - L - R) / Math.max(1, Object.keys(columns).length);
    var biggest = Math.max(4, Math.min(16, data.mode === 'events' ? 16 : spacing * 0.55));
    var grow = Math.min(data.mode === 'events' ? 3 : 2, (biggest - 3) / Math.sqrt(largest));
    /* dots of one lane never cover each other: each takes the free vertical slot nearest the lane line */
    var placed = { 0: [], 1: [], 2: [], 3: [], 4: [] };
    var reach = lane / 2 - 2;
    var slot = function (q, cx, r) {
      var best = 0, bestOverlap = Infinity;
      for (var step = 0; step <= 2 * Math.floor(reach / 3); step++) {
        var dy = (step % 2 ? -1 : 1) * Math.ceil(step / 2) * 3;
        if (Math.abs(dy) + r > reach + 6) { continue; }
        var overlap = 0;
        placed[q].forEach(function (o) {
          var d = Math.sqrt((o.x - cx) * (o.x - cx) + (o.y - dy) * (o.y - dy));
          overlap += Math.max(0, o.r + r + 1 - d);
        });
        if (overlap === 0) { best = dy; bestOverlap = 0; break; }
        if (overlap < bestOverlap) { best = dy; bestOverlap = overlap; }
      }
      placed[q].push({ x: cx, y: best, r: r });
      return best;
    };
    var layer = el('g', { 'class': 'points' }, svg);
    points.forEach(function (p, i) {
      var r = 3 + grow * Math.sqrt(size(p));
      var offset = slot(p.quad_class || 0, x(days[i]), r);
      var text = data.mode === 'events'
        ? p.day + ' ' + p.event + ': ' + (p.actor || '?') + ' → ' + (p.recipient || '—') + ' (' + p.num_sources + ' source' + (p.num_sources === 1 ? '' : 's') + ')'
        : (data.mode === 'weekly' ? 'week of ' : '') + p.day + ': ' + p.count + ' events, ' + (QUADS[p.quad_class] || 'unknown class');
      var a = target(layer, p.href, text);
      var dot = el('circle', { cx: x(days[i]).toFixed(1), cy: (laneY(p.quad_class) + offset).toFixed(1), r: r.toFixed(1), 'class': 'dot q' + (p.quad_class || 0) }, a);
      tooltip(dot, text);
      if (panel && p.evidence) {
        a.addEventListener('click', function (event) {
          if (event.ctrlKey || event.metaKey || event.shiftKey || event.button === 1) { return; }
          event.preventDefault();
          var chosen = svg.querySelector('.dot.chosen');
          if (chosen) { chosen.classList.remove('chosen'); }
          dot.classList.add('chosen');
          showEvidence(panel, p.evidence, p.href, a);
        });
      }
    });
  }

  /* ---- evidence panel: every mention of a chosen timeline event, trigger and actors marked ---- */
  function html(name, attrs, parent, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function names(actors) {
    return (actors || []).map(function (a) { return a.name || a.text; }).join(', ') || '—';
  }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function renderEvidence(panel, m, href, origin) {
    panel.textContent = '';
    var head = html('div', { 'class': 'panel-head' }, panel);
    var title = html('h2', { tabindex: '-1' }, head,
      m.event + ': ' + names(m.actor) + ' → ' + names(m.recipient) + (m.date ? ', ' + m.date : ''));
    var close = html('button', { type: 'button', 'class': 'close' }, head, 'Close');
    close.addEventListener('click', function () {
      panel.hidden = true;
      panel.textContent = '';
      if (origin) { origin.focus(); }
    });
    var meta = html('p', { 'class': 'meta' }, panel,
      plural(m.num_mentions, 'mention') + ' in ' + plural(m.num_articles, 'article') + ' from ' + plural(m.num_sources, 'source') + ' · ');
    html('a', { href: href }, meta, 'open the event page');
    (m.contradictions || []).forEach(function (c) {
      var note = html('p', { 'class': 'note' }, panel, 'Sources disagree (' + c.kind + ', ' + c.subject + '): ');
      note.appendChild(document.createTextNode((c.sides || []).map(function (s) {
        return s.value + ' (' + (s.source || '?') + ')';
      }).join(' vs ')));
    });
    (m.mentions || []).forEach(function (mention) {
      var box = html('article', { 'class': 'mention' }, panel);
      var sentence = html('p', { 'class': 'sentence evidence' }, box);
      (mention.segments || []).forEach(function (seg) {
        if (seg.role) {
          html('mark', { 'class': seg.role === 'trigger' ? 'trigger' : 'arg arg-' + seg.role, title: seg.role }, sentence, seg.text);
        } else {
          sentence.appendChild(document.createTextNode(seg.text));
        }
      });
      var line = html('p', { 'class': 'meta' }, box);
      var ev = mention.event || {};
      var articleId = ev.evidence && ev.evidence[0] && ev.evidence[0].article_id;
      if (articleId) {
        html('a', { href: '/articles/' + encodeURIComponent(articleId) }, line, mention.title || '(no title)');
      } else {
        line.appendChild(document.createTextNode(mention.title || '(no title)'));
      }
      var bits = [mention.source || 'unknown outlet', mention.published || 'date unknown'];
      if (ev.modality && ev.modality !== 'asserted') { bits.push(ev.modality); }
      if (ev.attribution) { bits.push('according to ' + ev.attribution); }
      line.appendChild(document.createTextNode(' · ' + bits.join(' · ') + ' · '));
      html('a', { href: '/events/' + encodeURIComponent(ev.id || '') }, line, 'mention details');
    });
    panel.removeAttribute('aria-busy');
    title.focus();
  }

  function showEvidence(panel, url, href, origin) {
    panel.hidden = false;
    panel.setAttribute('aria-busy', 'true');
    panel.textContent = '';
    html('p', { 'class': 'meta' }, panel, 'Loading the evidence…');
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    }).then(function (data) {
      renderEvidence(panel, data, href, origin);
    }).catch(function () {
      window.location.href = href;  /* the event page shows the same evidence */
    });
  }

  /* Fruchterman-Reingold layout with a fixed start and a fixed number of steps: the same picture every time */
  function layout(nodes, edges, W, H) {
    var n = nodes.length, cx = W / 2, cy = H / 2, k = Math.sqrt(W * H / Math.max(n, 1)) * 0.6;
    var index = {};
    nodes.forEach(function (node, i) {
      index[node.id] = i;
      var angle = 2 * Math.PI * i / n;
      node.x = cx + Math.cos(angle) * Math.min(W, H) * 0.35;
      node.y = cy + Math.sin(angle) * Math.min(W, H) * 0.35;
    });
    var temperature = W / 8;
    for (var step = 0; step < 300; step++) {
      var dx = new Array(n).fill(0), dy = new Array(n).fill(0);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
          var d = Math.max(1, Math.sqrt(ex * ex + ey * ey)), f = k * k / d;
          dx[i] += ex / d * f; dy[i] += ey / d * f; dx[j] -= ex / d * f; dy[j] -= ey / d * f;
        }
      }
      edges.forEach(function (e) {
        var s = index[e.source], t = index[e.target];
        var ex = nodes[s].x - nodes[t].x, ey = nodes[s].y - nodes[t].y;
        var d = Math.max(1, Math.sqrt(ex * ex + ey * ey)), f = d * d / k;
        dx[s] -= ex / d * f; dy[s] -= ey / d * f; dx[t] += ex / d * f; dy[t] += ey / d * f;
      });
      for (var m = 0; m < n; m++) {
        /* gravity keeps separate pairs near the middle instead of pushed to the edges */
        dx[m] += (cx - nodes[m].x) * 0.6;
        dy[m] += (cy - nodes[m].y) * 0.9;
        var len = Math.max(1e-6, Math.sqrt(dx[m] * dx[m] + dy[m] * dy[m]));
        nodes[m].x = Math.min(W - 50, Math.max(50, nodes[m].x + dx[m] / len * Math.min(len, temperature)));
        nodes[m].y = Math.min(H - 30, Math.max(25, nodes[m].y + dy[m] / len * Math.min(len, temperature)));
      }
      temperature *= 0.985;
    }
    return index;
  }

  function drawNetwork(svg, data, uid) {
    var W = 620, H = 400;
    var nodes = (data && data.nodes) || [], edges = (data && data.edges) || [];
    if (!edges.length) { empty(svg, W, H, 'No actor pairs to draw.'); return; }
    viewBox(svg, W, H);
    var defs = el('defs', {}, svg);
    ['coop', 'conflict'].forEach(function (kind) {
      var marker = el('marker', { id: uid + '-arrow-' + kind, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, defs);
      el('path', { d: 'M0 0L10 5L0 10z', 'class': kind === 'conflict' ? 'q4' : 'q1' }, marker);
    });
    var index = layout(nodes, edges, W, H);
    /* sizes relative to the busiest node and pair: a story of thousands of events draws like one of ten */
    var topNode = Math.max.apply(null, nodes.map(function (node) { return node.events; }));
    var topEdge = Math.max.apply(null, edges.map(function (e) { return e.events; }));
    var radius = function (node) { return 6 + Math.min(2.2 * Math.sqrt(node.events), 14 * Math.sqrt(node.events / topNode)); };
    var edgeLayer = el('g', { 'class': 'edges' }, svg);
    edges.forEach(function (e) {
      var s = nodes[index[e.source]], t = nodes[index[e.target]];
      var ex = t.x - s.x, ey = t.y - s.y, d = Math.max(1, Math.sqrt(ex * ex + ey * ey));
      var ux = ex / d, uy = ey / d;
      var x1 = s.x + ux * radius(s), y1 = s.y + uy * radius(s), x2 = t.x - ux * (radius(t) + 2), y2 = t.y - uy * (radius(t) + 2);
      var bend = 14, mx = (x1 + x2) / 2 - uy * bend, my = (y1 + y2) / 2 + ux * bend;
      var conflict = e.conflict * 2 >= e.events;
      var path = el('path', {
        d: 'M' + x1.toFixed(1) + ' ' + y1.toFixed(1) + 'Q' + mx.toFixed(1) + ' ' + my.toFixed(1) + ' ' + x2.toFixed(1) + ' ' + y2.toFixed(1),
        'class': 'edge' + (conflict ? ' conflict' : ''),
        'stroke-width': (1 + Math.min(1.5 * Math.log2(1 + e.events), 5 * Math.sqrt(e.events / topEdge))).toFixed(1),
        'marker-end': 'url(#' + uid + '-arrow-' + (conflict ? 'conflict' : 'coop') + ')'
      }, edgeLayer);
      tooltip(path, e.source + ' → ' + e.target + ': ' + e.events + ' event' + (e.events === 1 ? '' : 's') + ' (' + e.conflict + ' conflict), Goldstein ' + e.goldstein);
    });
    var nodeLayer = el('g', { 'class': 'nodes' }, svg);
    nodes.forEach(function (node) {
      var text = node.label + ': ' + node.events + ' events in these pairs';
      var a = target(nodeLayer, node.href, text);
      var c = el('circle', { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: radius(node).toFixed(1), 'class': 'node' }, a);
      tooltip(c, text);
      label(a, node.x.toFixed(1), (node.y + radius(node) + 12).toFixed(1), node.id.length > 18 ? node.id.slice(0, 17) + '…' : node.id, { 'text-anchor': 'middle', 'class': 'label' });
    });
  }

  function mapExtent(places) {
    var pts = places.filter(function (p) { return p.latitude !== null && p.longitude !== null && p.latitude !== undefined; });
    if (!pts.length) { return { x: -180, y: -90, w: 360, h: 180 }; }
    var lons = pts.map(function (p) { return p.longitude; }), lats = pts.map(function (p) { return p.latitude; });
    var x0 = Math.min.apply(null, lons), x1 = Math.max.apply(null, lons);
    var y0 = Math.min.apply(null, lats), y1 = Math.max.apply(null, lats);
    var w = Math.min(360, Math.max(12, (x1 - x0) * 1.3, (y1 - y0) * 2 * 1.3));
    var h = w / 2, cx = (x0 + x1) / 2, cy = -(y0 + y1) / 2;
    return { x: cx - w / 2, y: cy - h / 2, w: w, h: h };
  }

  function drawMap(svg, data) {
    var places = (data && data.places) || [];
    var box = mapExtent(places);
    var scale = box.w / 600;
    svg.setAttribute('viewBox', [box.x, box.y, box.w, box.h].map(function (v) { return v.toFixed(3); }).join(' '));
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    el('rect', { x: box.x, y: box.y, width: box.w, height: box.h, fill: '#f6f9fc' }, svg);
    var land = el('g', { 'class': 'outline', 'stroke-width': (0.6 * scale).toFixed(4) }, svg);
    var layer = el('g', { 'class': 'places' }, svg);
    var note = function (message) {
      label(svg, box.x + box.w / 2, box.y + box.h / 2, message, { 'text-anchor': 'middle', 'class': 'empty', 'font-size': (14 * scale).toFixed(3) });
    };
    var located = places.filter(function (p) { return p.latitude !== null && p.latitude !== undefined; });
    var topPlace = Math.max.apply(null, [1].concat(located.map(function (p) { return p.events; })));
    located.forEach(function (p) {
      var text = p.name + (p.country ? ' (' + p.country + ')' : '') + ': ' + p.events + ' event' + (p.events === 1 ? '' : 's');
      var a = target(layer, p.href, text);
      var c = el('circle', {
        cx: p.longitude.toFixed(4), cy: (-p.latitude).toFixed(4),
        r: ((3 + Math.min(2.5 * Math.sqrt(p.events), 11 * Math.sqrt(p.events / topPlace))) * scale).toFixed(4),
        'class': 'place', 'stroke-width': (1 * scale).toFixed(4)
      }, a);
      tooltip(c, text);
    });
    if (!located.length) { note('No event places yet.'); }
    var url = svg.getAttribute('data-outline');
    if (!url) { return; }
    fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      return response.json();
    }).then(function (outline) {
      outline.countries.forEach(function (country) {
        var path = el('path', { d: country.d, 'class': 'land' }, land);
        tooltip(path, country.name);
      });
      svg.setAttribute('data-outline-drawn', String(outline.countries.length));
    }).catch(function () {
      note('World outline not installed (run scripts/setup.sh).');
      svg.setAttribute('data-outline-drawn', '0');
    });
  }

  function drawTrend(svg, data) {
    var W = 1000, H = 220, L = 50, R = 55, T = 12, B = 30;
    var periods = (data && data.periods) || [], series = (data && data.series) || [];
    if (!periods.length) { empty(svg, W, H, 'No dated events to draw.'); return; }
    viewBox(svg, W, H);
    var n = periods.length, inner = H - T - B, slot = (W - L - R) / n;
    var totals = periods.map(function (_, i) { return series.reduce(function (s, ser) { return s + ser.events[i]; }, 0); });
    var gold = periods.map(function (_, i) { return series.reduce(function (s, ser) { return s + ser.goldstein[i]; }, 0); });
    var top = Math.max(1, Math.max.apply(null, totals));
    var gmax = Math.max(1, Math.max.apply(null, gold.map(Math.abs)));
    var y = function (v) { return T + inner * (1 - v / top); };
    var y2 = function (g) { return T + inner * (1 - (g + gmax) / (2 * gmax)); };
    el('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, 'class': 'axis' }, svg);
    el('line', { x1: L, x2: W - R, y1: y2(0), y2: y2(0), 'class': 'zero' }, svg);
    label(svg, L - 6, y(top) + 4, String(top), { 'text-anchor': 'end' });
    label(svg, L - 6, H - B + 4, '0', { 'text-anchor': 'end' });
    label(svg, W - R + 6, y2(gmax) + 4, '+' + gmax.toFixed(0), {});
    label(svg, W - R + 6, y2(-gmax) + 4, '-' + gmax.toFixed(0), {});
    label(svg, W - R + 6, y2(0) + 4, 'Goldstein 0', { 'font-size': 10 });
    var order = series.slice().sort(function (a, b) { return String(a.key).localeCompare(String(b.key)); });
    var bars = el('g', { 'class': 'bars' }, svg);
    var every = Math.max(1, Math.ceil(n / 12));
    periods.forEach(function (period, i) {
      var base = 0;
      order.forEach(function (ser) {
        var v = ser.events[i];
        if (!v) { return; }
        var rect = el('rect', {
          x: (L + i * slot + slot * 0.1).toFixed(1), width: Math.max(1, slot * 0.8).toFixed(1),
          y: y(base + v).toFixed(1), height: (y(base) - y(base + v)).toFixed(1),
          'class': 'bar q' + (QUADS[ser.key] ? ser.key : 0)
        }, bars);
        tooltip(rect, period + ': ' + v + ' ' + (QUADS[ser.key] || ser.key) + ' events');
        base += v;
      });
      if (i % every === 0) { label(svg, L + i * slot + slot / 2, H - B + 16, period, { 'text-anchor': 'middle' }); }
    });
    var d = gold.map(function (g, i) { return (i ? 'L' : 'M') + (L + i * slot + slot / 2).toFixed(1) + ' ' + y2(g).toFixed(1); }).join('');
    tooltip(el('path', { d: d, 'class': 'gold' }, svg), 'Sum of Goldstein scores per period');
  }

  var DRAW = { timeline: drawTimeline, network: drawNetwork, map: drawMap, trend: drawTrend };

  function init() {
    var block = document.getElementById('chart-data');
    if (!block) { return; }
    var data;
    try { data = JSON.parse(block.textContent); } catch (e) { return; }
    var named = document.querySelector('[data-quad-names]');
    try { QUADS = named ? JSON.parse(named.getAttribute('data-quad-names')) : {}; } catch (e) { QUADS = {}; }
    Object.keys(DRAW).forEach(function (name) {
      var svg = document.getElementById(name);
      if (!svg || !data[name]) { return; }
      try {
        DRAW[name](svg, data[name], name);
        svg.setAttribute('data-drawn', 'true');
      } catch (e) {
        svg.setAttribute('data-drawn', 'error');
        if (window.console) { window.console.error('eventwire: cannot draw ' + name, e); }
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
