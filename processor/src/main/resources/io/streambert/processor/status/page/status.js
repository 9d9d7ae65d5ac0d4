// The live status page: polls /api/status and redraws. Every text from the server goes into the
// DOM through textContent (never innerHTML), so a record containing markup shows as text.
'use strict';

(function () {
  const POLL_MS = 2000;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function setText(id, text) {
    byId(id).textContent = text;
  }

  function fmt(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return '-';
    }
    return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
  }

  function time(ms) {
    return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
  }

  function cssToken(s) {
    return String(s).replace(/[^A-Za-z0-9_-]/g, '_');
  }

  function sum(map) {
    return Object.values(map || {}).reduce((a, b) => a + b, 0);
  }

  function latest(samples, field) {
    for (let i = samples.length - 1; i >= 0; i--) {
      if (samples[i][field] !== null) {
        return samples[i][field];
      }
    }
    return null;
  }

  // A line chart of one or more series on a canvas: y from 0 to the largest value, x the samples.
  function drawChart(canvas, samples, series, sampleSeconds) {
    const ctx = canvas.getContext('2d');
    const w = canvas.width;
    const h = canvas.height;
    const left = 44;
    const bottom = h - 16;
    ctx.clearRect(0, 0, w, h);
    let max = 0;
    series.forEach((s) => samples.forEach((p) => {
      if (p[s.field] !== null && p[s.field] > max) {
        max = p[s.field];
      }
    }));
    max = max > 0 ? max * 1.1 : 1;
    ctx.strokeStyle = '#c4c9d4';
    ctx.beginPath();
    ctx.moveTo(left, 4);
    ctx.lineTo(left, bottom);
    ctx.lineTo(w - 4, bottom);
    ctx.stroke();
    ctx.fillStyle = '#6b7385';
    ctx.font = '10px sans-serif';
    ctx.fillText(fmt(max, max < 10 ? 2 : 0), 2, 12);
    ctx.fillText('0', 2, bottom);
    const span = Math.max(1, samples.length - 1);
    ctx.fillText('-' + Math.round(span * sampleSeconds) + ' s', left, h - 3);
    ctx.fillText('now', w - 26, h - 3);
    const x = (i) => left + ((w - 4 - left) * i) / span;
    const y = (v) => bottom - ((bottom - 4) * v) / max;
    series.forEach((s) => {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let drawing = false;
      samples.forEach((p, i) => {
        const v = p[s.field];
        if (v === null) {
          drawing = false;
        } else if (drawing) {
          ctx.lineTo(x(i), y(v));
        } else {
          ctx.moveTo(x(i), y(v));
          drawing = true;
        }
      });
      ctx.stroke();
      // A dot per sample, so an interval between two without batches still shows.
      ctx.fillStyle = s.color;
      samples.forEach((p, i) => {
        if (p[s.field] !== null) {
          ctx.fillRect(x(i) - 1.5, y(p[s.field]) - 1.5, 3, 3);
        }
      });
    });
  }

  // The record's text with each entity span wrapped in <mark> and labelled with its type.
  function recordText(record) {
    const box = el('div', 'record-text');
    const text = record.text;
    let at = 0;
    record.entities
      .slice()
      .sort((a, b) => a.start - b.start)
      .forEach((e) => {
        if (e.start < at || e.end > text.length) {
          return;
        }
        box.appendChild(document.createTextNode(text.slice(at, e.start)));
        const mark = el('mark', 'entity type-' + cssToken(e.type));
        mark.setAttribute('data-type', e.type);
        mark.title = e.type + ' ' + fmt(e.score, 3);
        mark.appendChild(el('span', 'entity-text', text.slice(e.start, e.end)));
        mark.appendChild(el('span', 'entity-type', e.type));
        box.appendChild(mark);
        at = e.end;
      });
    box.appendChild(document.createTextNode(text.slice(at) + (record.truncated ? ' ...' : '')));
    return box;
  }

  function renderRecords(records) {
    const list = byId('records');
    list.replaceChildren();
    records.forEach((r) => {
      const li = el('li', 'record');
      li.setAttribute('data-event-id', r.eventId);
      const meta = el('div', 'record-meta');
      if (r.sentiment !== null) {
        meta.appendChild(el('span', 'sentiment ' + cssToken(r.sentiment).toLowerCase(), r.sentiment));
        meta.appendChild(el('span', 'score', fmt(r.score, 3)));
      }
      meta.appendChild(document.createTextNode(' ' + r.eventId + ' · ' + r.modelVersion + ' · ' + time(r.atMs)));
      li.appendChild(meta);
      li.appendChild(recordText(r));
      list.appendChild(li);
    });
  }

  function renderInstances(instances) {
    const body = byId('instances');
    body.replaceChildren();
    instances.forEach((i) => {
      const tr = el('tr');
      tr.setAttribute('data-instance', i.instanceId);
      tr.appendChild(el('td', 'instance', i.instanceId));
      tr.appendChild(el('td', 'serving', i.servingVersion === null ? '-' : i.servingVersion));
      tr.appendChild(el('td', 'since', time(i.servingSinceMs)));
      const last = i.lastState + ' ' + i.lastVersion + (i.lastReason ? ': ' + i.lastReason : '');
      tr.appendChild(el('td', 'last', last + ' (' + time(i.lastAtMs) + ')'));
      body.appendChild(tr);
    });
  }

  function renderDeadLetters(totals, notes) {
    const body = byId('dead-letter-counts');
    body.replaceChildren();
    Object.keys(totals.deadLettered).forEach((reason) => {
      const tr = el('tr');
      tr.setAttribute('data-reason', reason);
      tr.appendChild(el('td', 'reason', reason));
      tr.appendChild(el('td', 'count', fmt(totals.deadLettered[reason], 0)));
      body.appendChild(tr);
    });
    const list = byId('dead-letters');
    list.replaceChildren();
    notes.forEach((n) => {
      const li = el('li', 'dead-letter');
      li.appendChild(el('span', 'reason', n.reason));
      li.appendChild(el('span', 'error', n.error));
      li.appendChild(el('span', 'record-meta', ' ' + time(n.atMs)));
      list.appendChild(li);
    });
  }

  function render(s) {
    setText('instance-id', s.instanceId);
    setText('serving-version', s.servingVersion === null ? 'none' : s.servingVersion);
    setText('connection', 'updated ' + time(s.atMs));
    const samples = s.samples;
    setText('records-in-total', fmt(s.totals.recordsIn, 0));
    setText('records-out-total', fmt(sum(s.totals.recordsOut), 0));
    setText('batches-total', fmt(s.totals.batches, 0));
    setText('dead-letters-total', fmt(sum(s.totals.deadLettered), 0));
    setText('rate-in', fmt(latest(samples, 'inPerSecond'), 1));
    setText('rate-out', fmt(latest(samples, 'outPerSecond'), 1));
    setText('batch-size', fmt(latest(samples, 'batchRecords'), 1));
    setText('pass-latency', fmt(latest(samples, 'passMillis'), 1));
    drawChart(byId('chart-rates'), samples, [
      { field: 'inPerSecond', color: '#2563eb' },
      { field: 'outPerSecond', color: '#16a34a' },
    ], s.sampleSeconds);
    drawChart(byId('chart-batch'), samples, [{ field: 'batchRecords', color: '#9333ea' }], s.sampleSeconds);
    drawChart(byId('chart-latency'), samples, [{ field: 'passMillis', color: '#ea580c' }], s.sampleSeconds);
    renderInstances(s.instances);
    renderRecords(s.records);
    renderDeadLetters(s.totals, s.deadLetters);
    document.body.setAttribute('data-updated', String(s.atMs));
  }

  async function poll() {
    try {
      const response = await fetch('/api/status', { cache: 'no-store' });
      if (!response.ok) {
        throw new Error('expected 200 from /api/status, found ' + response.status);
      }
      render(await response.json());
    } catch (e) {
      setText('connection', 'cannot read /api/status: ' + e.message);
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
