// Maildriver dashboard. Asks its machine for /api/overview every REFRESH_MS and redraws; nothing else is fetched.
// Every value from the server is put into the page as text (textContent), never as HTML.
'use strict';

(() => {
  const REFRESH_MS = 1500;
  const STALE_MS = 5000;

  const state = {
    lastSuccess: 0,
    refreshes: 0,
    snapshot: null,
  };

  // Script errors go into the page, where the end-to-end test (and an operator) can see them.
  const scriptErrors = [];
  function reportScriptError(message) {
    scriptErrors.push(message);
    const box = document.getElementById('script-errors');
    if (!box) return;
    box.hidden = false;
    box.dataset.count = String(scriptErrors.length);
    box.append(el('div', { text: 'Script error: ' + message }));
  }
  window.addEventListener('error', e => reportScriptError(`${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', e => reportScriptError(String(e.reason && e.reason.stack || e.reason)));

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else if (key === 'data') Object.assign(node.dataset, value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---- formatting ----
  const num = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
  function fmtInt(n) { return n === null || n === undefined ? '–' : num.format(n); }
  function fmtBytes(b) {
    if (b === null || b === undefined) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return `${i === 0 ? b : b.toFixed(1)} ${units[i]}`;
  }
  function fmtDuration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.floor(seconds);
    const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    const two = x => String(x).padStart(2, '0');
    if (d > 0) return `${d}d ${h}h`;
    if (h > 0) return `${h}h ${two(m)}m`;
    if (m > 0) return `${m}m ${two(r)}s`;
    return `${r}s`;
  }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleTimeString('en-GB', { hour12: false }) : '–'; }
  function since(iso, now) { return iso ? fmtDuration(Math.max(0, (now - new Date(iso)) / 1000)) : ''; }

  // ---- sections ----
  function renderCluster(s) {
    const c = s.cluster;
    document.getElementById('master').textContent = c.master || 'none answering';
    document.getElementById('lieutenant').textContent = c.lieutenant || (c.master ? 'none' : '–');
    document.getElementById('epoch').textContent = c.epoch ?? '–';
    const error = document.getElementById('cluster-error');
    error.hidden = !c.statusError;
    error.textContent = c.statusError ? `No Master answered: ${c.statusError}. Machine states below are what this machine can see.` : '';
    const held = document.getElementById('not-acknowledging');
    held.hidden = !c.notAcknowledging;
    held.textContent = c.notAcknowledging
      ? `Not acknowledging (${c.notAcknowledging}): without a second durable copy the Master acknowledges nothing; requests wait a few seconds, then are refused for now.`
      : '';

    const now = new Date(s.time);
    const cards = c.machines.map(m => {
      const role = m.isMaster ? 'master' : m.isLieutenant ? 'lieutenant' : '';
      const stateLabel = { up: 'UP', dead: 'DEAD', 'catching-up': 'CATCHING UP', unknown: 'UNKNOWN' }[m.state] || m.state.toUpperCase();
      const stateClass = { up: 'pill-up', dead: 'pill-dead', 'catching-up': 'pill-amber' }[m.state] || 'pill-wait';
      const rows = [];
      if (m.state === 'up' || m.reachable) rows.push(['Uptime', fmtDuration(m.uptimeSeconds)]);
      if (m.deadSince) rows.push(['Dead since', `${fmtTime(m.deadSince)} (${since(m.deadSince, now)})`]);
      rows.push([m.state === 'up' ? 'Queue' : 'Catch-up list', fmtInt(m.queue)]);
      return el('div', { class: 'machine', data: { machine: m.name, state: m.state, role } },
        el('div', { class: 'machine-head' },
          el('span', { class: 'machine-name', text: m.name }),
          el('span', { class: `pill ${stateClass}`, text: stateLabel }),
          m.isMaster ? el('span', { class: 'pill pill-role', text: 'MASTER' }) : null,
          m.isLieutenant ? el('span', { class: 'pill pill-role', text: 'LIEUTENANT' }) : null),
        el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
        !m.reachable && m.error ? el('div', { class: 'why', text: `not answering: ${m.error}` }) : null);
    });
    document.getElementById('machines').replaceChildren(...cards);
  }

  function stat(label, value, busy) {
    return el('div', { class: busy ? 'stat busy' : 'stat' }, el('div', { class: 'value', text: value }), el('div', { class: 'label', text: label }));
  }

  function renderProtocol(s) {
    const p = s.protocol;
    const has = x => x !== null && x !== undefined;
    document.getElementById('protocol-stats').replaceChildren(
      stat('pending sends', fmtInt(p.pendingSends), p.pendingSends > 0),
      stat('pending deletes', fmtInt(p.pendingDeletes), p.pendingDeletes > 0),
      stat('delete queue', fmtInt(p.deleteQueue), p.deleteQueue > 0),
      stat('live work', fmtInt(p.liveWork), p.liveWork > 0),
      stat('DoYouHaveIt', has(p.pendingSends) ? fmtInt(p.doYouHaveIt.length) : '–', p.doYouHaveIt.length > 0));

    const catchup = p.catchUp.map(c => {
      const row = el('div', { class: 'catchup-row', data: { machine: c.machine, pending: c.pending, catchingUp: c.catchingUp } },
        el('div', {},
          el('b', { text: c.machine }), ' ',
          c.catchingUp
            ? `catching up: ${fmtInt(c.pending)} left of ${fmtInt(c.startedWith)} (${Math.round((c.progress ?? 0) * 100)} %)`
            : `dead: ${fmtInt(c.pending)} requests waiting on its catch-up list`));
      if (c.catchingUp) {
        const bar = el('div');
        bar.style.width = `${Math.round((c.progress ?? 0) * 100)}%`;
        row.append(el('div', { class: 'progress' }, bar));
      }
      return row;
    });
    document.getElementById('catchup').replaceChildren(...(catchup.length ? catchup : [el('p', { class: 'empty', text: 'No machine is dead.' })]));

    const missing = p.doYouHaveIt.map(id => el('code', { text: id }));
    document.getElementById('doyouhaveit').replaceChildren(...(missing.length
      ? [el('p', {}, 'Letters no live machine could provide: ', ...missing.flatMap((m, i) => i ? [', ', m] : [m]))]
      : [el('p', { class: 'empty', text: 'Empty: every pending letter has a body.' })]));

    const rows = p.events.map(e => el('tr', { data: { kind: e.kind, subject: e.subject } },
      el('td', { class: 'time', text: fmtTime(e.time), title: e.time }),
      el('td', { text: e.text }),
      el('td', { text: e.epoch }),
      el('td', { text: e.recordedBy, title: `kept on ${e.keptOn.join(', ')}` })));
    document.querySelector('#events tbody').replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: '4', class: 'empty', text: 'Nothing has happened yet.' }))]));
  }

  function digestCell(m, mail) {
    if (m.error) {
      // A machine not answering now: its digest (if any) is from before; say so rather than tick it.
      return el('td', { class: 'muted', title: m.digest || '', text: `not answering: ${m.error}` });
    }
    const left = mail.digestsUnchecked.find(u => u.name === m.machine);
    if (left) return el('td', { class: 'muted', text: `not compared: ${left.reason}` });
    if (!m.digest) return el('td', { class: 'muted', text: '–' });
    // A tick only for a comparison of every machine; a partial one that found no difference gets neither mark.
    const [verdict, mark] = { true: ['agree', '✓'], false: ['differ', '✗'] }[mail.digestsAgree] || ['', ''];
    return el('td', { class: `digest ${verdict}`, title: m.digest, text: `${m.digest.slice(0, 12)}… ${mark}` });
  }

  function renderMail(s) {
    const mail = s.mail;
    const digests = mail.machines.map(m => m.digest).filter(Boolean);
    const rows = mail.machines.map(m => el('tr', { data: { machine: m.machine } },
      el('td', { text: m.machine }),
      el('td', { text: fmtInt(m.users) }),
      el('td', { text: fmtInt(m.letters) }),
      el('td', { text: fmtBytes(m.letterBytes) }),
      el('td', { text: fmtInt(m.inboxEntries) }),
      el('td', { text: fmtInt(m.protoletters) }),
      digestCell(m, mail)));
    document.querySelector('#mail tbody').replaceChildren(...rows);
    const agreement = document.getElementById('agreement');
    const left = mail.digestsUnchecked.map(u => u.name).join(', ');
    if (mail.digestsAgree === true) {
      agreement.className = 'pill pill-up';
      agreement.textContent = `${digests.length} replicas agree · ${fmtTime(mail.digestsAt)}`;
    } else if (mail.digestsAgree === false) {
      agreement.className = 'pill pill-dead';
      agreement.textContent = `replicas differ · ${fmtTime(mail.digestsAt)}`;
    } else if (mail.digestsAt && left) {
      agreement.className = 'pill pill-amber';
      agreement.textContent = `not verified: ${left} not compared · ${fmtTime(mail.digestsAt)}`;
    } else {
      agreement.className = 'pill pill-wait';
      agreement.textContent = 'not compared yet';
    }
    agreement.dataset.agree = String(mail.digestsAgree);
    agreement.dataset.unchecked = left;
    document.getElementById('digest-note').textContent = mail.digestNote;
  }

  // ---- refresh loop ----
  function setLive(kind, text) {
    const live = document.getElementById('live');
    live.className = `pill ${kind}`;
    live.textContent = text;
  }

  function render(s) {
    // Each section on its own: a surprise in one must not blank the others.
    for (const part of [renderCluster, renderProtocol, renderMail]) {
      try {
        part(s);
      } catch (e) {
        reportScriptError(`${part.name}: ${e && e.stack || e}`);
      }
    }
  }

  async function refresh() {
    try {
      const response = await fetch('/api/overview', { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.status === 401) {
        window.location.assign('/login');
        return;
      }
      if (!response.ok) throw new Error(`the dashboard answered ${response.status}`);
      const snapshot = await response.json();
      state.snapshot = snapshot;
      state.lastSuccess = Date.now();
      render(snapshot);
      state.refreshes++;
      document.body.dataset.loaded = 'true';
      document.body.dataset.refreshes = String(state.refreshes);
      document.getElementById('updated').textContent = `updated ${fmtTime(snapshot.time)}`;
      document.getElementById('banner').hidden = true;
      setLive('pill-up', 'live');
    } catch (e) {
      const stale = Date.now() - state.lastSuccess > STALE_MS;
      const banner = document.getElementById('banner');
      banner.hidden = false;
      banner.textContent = `Cannot reach this machine's dashboard (${e.message || e}); retrying every ${REFRESH_MS / 1000} s.${state.lastSuccess ? ' The figures below are from ' + new Date(state.lastSuccess).toLocaleTimeString('en-GB', { hour12: false }) + '.' : ''}`;
      setLive(stale ? 'pill-amber' : 'pill-wait', stale ? 'stale' : 'retrying');
    } finally {
      window.setTimeout(refresh, REFRESH_MS);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    refresh();
  });
})();
