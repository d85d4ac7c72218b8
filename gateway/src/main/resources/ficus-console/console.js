// Ficus console: watches every route's migration and steers it, through the gateway's admin API.
// No framework and no build step; everything it shows is built as DOM nodes (never as HTML text), so
// answers from the services it displays cannot run in the page.
'use strict';
(() => {
  const TOKEN = 'ficus.console.token';
  const REFRESH_MS = 2000;
  const STAGES = ['legacy', 'shadow', 'dual-write', 'canary', 'new'];
  const state = {
    token: sessionStorage.getItem(TOKEN),
    window: sessionStorage.getItem('ficus.console.window') || 'since=stage',
    selected: sessionStorage.getItem('ficus.console.route'),
    live: null, fleet: null, settings: null, timeline: null, mismatches: null,
    openMismatch: 0, lastOk: null, failingSince: null, timer: null, busy: false,
  };
  const $ = (id) => document.getElementById(id);

  // ---- small DOM helpers ---------------------------------------------------------------------------------
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const svg = (tag, props) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(props || {})) node.setAttribute(key, String(value));
    return node;
  };
  const percent = (rate) => (rate * 100).toFixed(2) + '%';
  const count = (n) => Number(n || 0).toLocaleString('en');
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString('en-GB') : '');
  const stageText = (route) =>
    route.stage + (route.stage === 'canary' && route.share !== null && route.share !== undefined ? ' ' + route.share + '%' : '');

  // ---- the admin API -------------------------------------------------------------------------------------
  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + state.token, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', redirect: 'error',
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (response.status === 401) {
      signOut('The gateway refused the token: sign in again.');
      throw new Error('unauthorized');
    }
    return { status: response.status, ok: response.ok, json };
  }
  const problemText = (result) =>
    result.json && result.json.detail ? result.json.detail : 'the gateway answered ' + result.status;

  // ---- signing in and out --------------------------------------------------------------------------------
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('token');
    state.token = input.value;
    $('signin-error').textContent = '';
    try {
      const result = await api('GET', '/ficus/routes');
      if (!result.ok) {
        $('signin-error').textContent = 'Cannot sign in: ' + problemText(result);
        return;
      }
      sessionStorage.setItem(TOKEN, state.token);
      input.value = '';
      start();
    } catch (e) {
      if (e.message !== 'unauthorized') $('signin-error').textContent = 'The gateway cannot be reached.';
    }
  });

  function signOut(message) {
    sessionStorage.removeItem(TOKEN);
    state.token = null;
    clearInterval(state.timer);
    $('routes').hidden = true;
    $('detail').hidden = true;
    $('session').hidden = true;
    $('signin').hidden = false;
    $('status').textContent = 'Not signed in';
    $('status').classList.remove('stale');
    $('signin-error').textContent = message || '';
    $('token').focus();
  }
  $('signout').addEventListener('click', () => signOut(''));

  $('window').addEventListener('change', (event) => {
    state.window = event.target.value;
    sessionStorage.setItem('ficus.console.window', state.window);
    refresh();
  });

  async function start() {
    $('signin').hidden = true;
    $('routes').hidden = false;
    $('session').hidden = false;
    $('window').value = state.window;
    try {
      const settings = await api('GET', '/ficus/console/api/settings');
      state.settings = settings.ok ? settings.json : {};
    } catch (e) {
      state.settings = {};
    }
    await refresh();
    clearInterval(state.timer);
    state.timer = setInterval(refresh, REFRESH_MS);
  }

  // ---- refreshing ----------------------------------------------------------------------------------------
  async function refresh() {
    if (!state.token || state.busy) return;
    state.busy = true;
    try {
      const [live, fleet] = await Promise.all([
        api('GET', '/ficus/routes'),
        api('GET', '/ficus/fleet/routes?' + state.window),
      ]);
      if (!live.ok) throw new Error(problemText(live));
      state.live = live.json;
      state.fleet = fleet.ok ? fleet.json : { routes: [], problem: problemText(fleet) };
      if (state.selected && route(state.selected)) {
        const id = encodeURIComponent(state.selected);
        const [timeline, mismatches] = await Promise.all([
          api('GET', '/ficus/fleet/routes/' + id + '/timeline?window=15m'),
          api('GET', '/ficus/routes/' + id + '/mismatches?limit=20'),
        ]);
        state.timeline = timeline.ok ? timeline.json : null;
        state.mismatches = mismatches.ok ? mismatches.json.mismatches : [];
        state.divergences = mismatches.ok ? mismatches.json.divergences || [] : [];
      }
      state.lastOk = new Date();
      state.failingSince = null;
      render();
    } catch (e) {
      if (e.message === 'unauthorized') return;
      state.failingSince = state.failingSince || new Date();
      const status = $('status');
      status.textContent = 'The gateway does not answer since ' + state.failingSince.toLocaleTimeString('en-GB')
        + ' (' + e.message + '); showing what it said at ' + (state.lastOk ? state.lastOk.toLocaleTimeString('en-GB') : 'no time')
        + ', retrying every 2 s';
      status.classList.add('stale');
    } finally {
      state.busy = false;
    }
  }

  const route = (id) => (state.live ? state.live.routes.find((r) => r.id === id) : null);
  const fleetRoute = (id) => (state.fleet && state.fleet.routes ? state.fleet.routes.find((r) => r.id === id) : null);

  function render() {
    const status = $('status');
    status.classList.remove('stale');
    const source = state.live.flagSource || {};
    status.textContent = 'Updated ' + state.lastOk.toLocaleTimeString('en-GB') + ' · flag source ' + (source.state || '?')
      + (source.problem ? ' (' + source.problem + ')' : '')
      + (state.fleet && state.fleet.store ? ' · evidence store ' + state.fleet.store.state : '')
      + (state.fleet && state.fleet.problem ? ' · fleet view: ' + state.fleet.problem : '');
    renderTable();
    renderDetail();
  }

  // ---- the routes table ----------------------------------------------------------------------------------
  function renderTable() {
    const body = document.querySelector('#route-table tbody');
    const seen = new Set();
    for (const r of state.live.routes) {
      seen.add(r.id);
      let row = body.querySelector('tr[data-route="' + CSS.escape(r.id) + '"]');
      if (!row) {
        row = el('tr', { class: 'route', 'data-route': r.id, tabindex: 0, 'aria-label': 'Route ' + r.id + ': open its detail' });
        for (let i = 0; i < 8; i++) row.append(el('td'));
        row.addEventListener('click', () => select(r.id));
        row.addEventListener('keydown', (event) => {
          if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(r.id); }
        });
        body.append(row);
      }
      row.classList.toggle('selected', r.id === state.selected);
      row.setAttribute('aria-current', r.id === state.selected ? 'true' : 'false');
      const f = fleetRoute(r.id);
      const cells = row.children;
      cells[0].textContent = r.id;
      cells[1].textContent = r.paths.join(', ');
      cells[2].textContent = stageText(r) + (r.rollback ? ' (rolled back)' : '');
      cells[3].textContent = r.flag ? r.flag.name : '—';
      cells[4].textContent = r.stageOrigin;
      cells[5].replaceChildren(verdictNode(r, f));
      if (f && f.lastStage && f.lastStage.verdict.status === 'NOT_READY') cells[5].append(lastStageNode(f.lastStage, 'Last stage, '));
      cells[6].textContent = f ? percent(f.mismatchRate) + ' of ' + count(f.comparisons.match + f.comparisons.mismatch) : '—';
      const served = r.decisions.legacy + r.decisions.new;
      cells[7].textContent = served ? percent(r.decisions.new / served) + ' of ' + count(served) : '—';
    }
    for (const row of Array.from(body.children)) if (!seen.has(row.dataset.route)) row.remove();
  }

  const VERDICT_WORDS = { READY: 'Ready', NOT_READY: 'Not ready', INSUFFICIENT_DATA: 'Not enough evidence yet' };
  // What a stage that calls no one to compare needs, for a route where nothing was compared.
  const NOT_COMPARED = {
    legacy: 'shadow the route to gather evidence',
    canary: 'only errors and latency of the new side are judged; set shadow.enabled to compare answers',
    new: 'only errors and latency of the new side are judged; set shadow.enabled to compare answers',
  };

  // The route's verdict in words, with every reason it gives; over the fleet when there is a fleet view.
  function verdictNode(r, f) {
    const verdict = f ? f.verdict : r.verdict;
    const source = f || r;
    const compared = source.comparisons.match + source.comparisons.mismatch;
    if (r.shadow && !r.shadow.comparing && compared === 0 && verdict.status !== 'NOT_READY') {
      return el('span', { class: 'not-compared' },
        el('span', { class: 'verdict NOT_COMPARED', text: 'Not compared in ' + r.stage }),
        el('span', { class: 'muted', text: ': ' + (NOT_COMPARED[r.stage] || 'nothing is compared at this stage') }));
    }
    return verdictWords(verdict);
  }

  function verdictWords(verdict) {
    return el('span', {},
      el('span', { class: 'verdict ' + verdict.status, text: VERDICT_WORDS[verdict.status] || verdict.status }),
      verdict.reasons.length ? el('span', { class: 'muted', text: ': ' + verdict.reasons.join('; ') }) : null);
  }

  // The verdict of the stage before the current one, over its own evidence: kept after a rollback ends.
  function lastStageNode(last, label) {
    return el('span', { class: 'last-stage' },
      el('span', { class: 'muted', text: label + stageText(last) + ' (' + time(last.from) + '–' + time(last.to) + ', ' + count(last.compared) + ' compared): ' }),
      verdictWords(last.verdict));
  }

  function select(id) {
    state.selected = id;
    state.openMismatch = 0;
    state.timeline = null;
    state.mismatches = null;
    sessionStorage.setItem('ficus.console.route', id);
    $('detail').replaceChildren();
    refresh().then(() => {
      const heading = $('detail').querySelector('h2');
      if (heading) heading.focus();
    });
  }

  // ---- one route -----------------------------------------------------------------------------------------
  function renderDetail() {
    const detail = $('detail');
    const r = route(state.selected);
    if (!r) { detail.hidden = true; return; }
    detail.hidden = false;
    if (!detail.dataset.route || detail.dataset.route !== r.id) {
      detail.replaceChildren();
      detail.dataset.route = r.id;
      detail.append(
        el('h2', { tabindex: -1, id: 'detail-title', text: 'Route ' + r.id }),
        el('div', { id: 'summary' }),
        controls(r),
        el('div', { id: 'charts', class: 'grid' }),
        el('div', { id: 'figures', class: 'grid' }),
        el('div', { id: 'differences' }),
        el('div', { id: 'examples' }),
        el('div', { id: 'noise' }),
      );
    }
    updateControls(r);
    $('summary').replaceChildren(summary(r));
    $('charts').replaceChildren(charts());
    $('figures').replaceChildren(...figures(r));
    $('differences').replaceChildren(...differences(r));
    $('examples').replaceChildren(...examples());
    $('noise').replaceChildren(...noise(r));
  }

  function summary(r) {
    const f = fleetRoute(r.id);
    return el('dl', {},
      el('dt', { text: 'Stage' }), el('dd', { text: stageText(r) + ' (from ' + r.stageOrigin + '; starts at ' + r.mode + ')' }),
      el('dt', { text: 'Flag' }), el('dd', { text: r.flag ? r.flag.name + (r.flag.known ? (r.flag.enabled ? ', on' : ', off') + (r.flag.rollout !== null ? ', rollout ' + r.flag.rollout + '%' : '') : ', not in the flag source yet') : 'none: the stage is the configured mode' }),
      el('dt', { text: 'Paths' }), el('dd', { text: r.paths.join(', ') }),
      el('dt', { text: 'Verdict' }), el('dd', { id: 'verdict' }, verdictNode(r, f), el('span', { class: 'muted', text: f ? ' (fleet, ' + f.window.asked + ')' : ' (this replica)' })),
      f && f.lastStage ? el('dt', { text: 'Last stage' }) : null,
      f && f.lastStage ? el('dd', { id: 'last-stage' }, lastStageNode(f.lastStage, '')) : null,
      r.rollback ? el('dt', { text: 'Rolled back' }) : null,
      r.rollback ? el('dd', { text: 'by ' + (r.rollback.reason === 'guardrail' ? 'a guardrail' : r.rollback.by) + ' at ' + time(r.rollback.since) + ': ' + r.rollback.detail + (r.rollback.fleetWide ? '' : ' (this replica only so far)') }) : null,
    );
  }

  // ---- controls ------------------------------------------------------------------------------------------
  function controls(r) {
    const readOnly = state.settings && state.settings.role === 'viewer';
    const stage = el('select', { id: 'stage-select', 'aria-describedby': 'control-help' },
      ...STAGES.map((s) => el('option', { value: s, text: s })));
    const share = el('input', { id: 'share-input', type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', 'aria-describedby': 'control-help' });
    const reason = el('input', { id: 'reason-input', type: 'text', maxlength: 200, placeholder: 'why (for the audit log)' });
    for (const input of [stage, share, reason]) {
      for (const type of ['input', 'change']) input.addEventListener(type, () => { input.dataset.dirty = 'true'; });
    }
    const apply = el('button', { class: 'primary', type: 'submit', id: 'apply-stage', text: 'Change stage and share' });
    const rollback = el('button', { class: 'danger', type: 'button', id: 'rollback', text: 'Roll back to legacy', onclick: () => rollBack() });
    const recover = el('button', { type: 'button', id: 'recover', text: 'End the rollback', onclick: () => recoverRoute() });
    // novalidate: the gateway checks the values and its answer says what is wrong, in words
    const form = el('form', { id: 'stage-form', novalidate: true, 'aria-label': 'Change the stage of route ' + r.id },
      el('label', { for: 'stage-select' }, 'Stage', stage),
      el('label', { for: 'share-input' }, 'Canary share (%)', share),
      el('label', { for: 'reason-input' }, 'Reason', reason),
      apply);
    form.addEventListener('submit', (event) => { event.preventDefault(); changeStage(); });
    return el('div', { class: 'controls card', id: 'controls' },
      el('h3', { text: 'Steer it' }),
      el('p', { id: 'control-help', class: 'muted', text: readOnly ? 'Read only: this token may not change routes.' : 'Changes go through the route\'s flag, so every replica follows within seconds.' }),
      form,
      el('div', { class: 'buttons' }, rollback, recover),
      el('p', { id: 'control-message', class: 'message', role: 'status' }));
  }

  function updateControls(r) {
    const readOnly = state.settings && state.settings.role === 'viewer';
    const stage = $('stage-select');
    const share = $('share-input');
    if (document.activeElement !== stage && !stage.dataset.dirty) stage.value = r.stage;
    if (document.activeElement !== share && !share.dataset.dirty) share.value = r.share === null || r.share === undefined ? '' : r.share;
    const noFlag = !r.flag;
    for (const control of [stage, share, $('reason-input'), $('apply-stage')]) control.disabled = readOnly || noFlag || !!r.rollback;
    $('rollback').disabled = readOnly || !!r.rollback || !(r.stage === 'canary' || r.stage === 'new');
    $('recover').disabled = readOnly || !r.rollback;
    $('recover').hidden = !r.rollback;
    $('rollback').hidden = !!r.rollback;
    if (noFlag) $('control-help').textContent = 'This route has no flag: its stage is its configured mode (' + r.mode + ').';
  }

  function describe(id, stage, share) {
    switch (stage) {
      case 'legacy': return 'Every user of ' + id + ' will be served by legacy on every replica, and the new side will no longer be called.';
      case 'shadow': return 'Every user of ' + id + ' will be served by legacy on every replica; the new side will be called in the background and compared.';
      case 'dual-write': return 'Every user of ' + id + ' will be served by legacy on every replica; reads are compared as in shadow, and every write legacy takes is sent to the new side too, once, and read back from both sides.';
      case 'canary': return share + '% of the users of ' + id + ' (chosen by user id: the same users on every replica) will be served by the new side; the others by legacy.';
      default: return 'Every user of ' + id + ' will be served by the new side on every replica.';
    }
  }

  function confirmDialog(text) {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.showModal();
      $('confirm-ok').focus();
    });
  }

  function say(text, ok) {
    const message = $('control-message');
    message.textContent = text;
    message.className = 'message ' + (ok ? 'ok' : 'bad');
  }

  async function changeStage() {
    const r = route(state.selected);
    const stage = $('stage-select').value;
    const shareText = $('share-input').value.trim();
    const body = { stage };
    // Checked here, before asking: a confirmation must never describe what the gateway then refuses.
    if (shareText !== '' && (!/^[0-9]+$/.test(shareText) || Number(shareText) > 100)) {
      say('Not changed: the canary share \'' + shareText + '\' must be a whole number from 0 to 100 (a percentage of the users).', false);
      $('share-input').focus();
      return;
    }
    if (stage === 'canary' && shareText === '' && (r.share === null || r.share === undefined)) {
      say('Not changed: give the canary share, a whole number from 0 to 100 (a percentage of the users).', false);
      $('share-input').focus();
      return;
    }
    if (shareText !== '') body.share = Number(shareText);
    if ($('reason-input').value.trim()) body.reason = $('reason-input').value.trim();
    if (!(await confirmDialog(describe(r.id, stage, shareText === '' ? r.share : shareText)))) return;
    const result = await api('PUT', '/ficus/routes/' + encodeURIComponent(r.id) + '/stage', body);
    if (result.ok) {
      for (const id of ['stage-select', 'share-input', 'reason-input']) delete $(id).dataset.dirty;
      $('reason-input').value = '';
      say('Done: ' + r.id + ' is at ' + stageText(result.json) + ' here; the other replicas follow within seconds.', true);
    } else {
      say('Not changed: ' + problemText(result), false);
    }
    refresh();
  }

  async function rollBack() {
    const r = route(state.selected);
    const text = 'Every user of ' + r.id + ' will be served by legacy on every replica: at once here, within seconds on the others, and still after a restart. The comparison goes on. End it with "End the rollback".';
    if (!(await confirmDialog(text))) return;
    const reason = $('reason-input').value.trim();
    const result = await api('POST', '/ficus/routes/' + encodeURIComponent(r.id) + '/rollback', reason ? { reason } : undefined);
    say(result.ok ? 'Rolled back: every user of ' + r.id + ' is served by legacy.' : 'Not rolled back: ' + problemText(result), result.ok);
    refresh();
  }

  async function recoverRoute() {
    const r = route(state.selected);
    const back = r.rollback ? r.rollback.restoreStage + (r.rollback.restoreStage === 'canary' && r.rollback.restoreShare !== null ? ' ' + r.rollback.restoreShare + '%' : '') : '';
    if (!(await confirmDialog('The rollback of ' + r.id + ' ends on every replica: it goes back to ' + back + '. ' + describe(r.id, r.rollback.restoreStage, r.rollback.restoreShare)))) return;
    const result = await api('DELETE', '/ficus/routes/' + encodeURIComponent(r.id) + '/rollback');
    say(result.ok ? 'The rollback has ended: ' + r.id + ' is at ' + back + '.' : 'Still rolled back: ' + problemText(result), result.ok);
    refresh();
  }

  // ---- figures -------------------------------------------------------------------------------------------
  // Writes sent to both sides (stage dual-write) and the latest entities that read back differently.
  function dualWrites(d) {
    const latest = (state.divergences || []).slice(0, 5);
    return el('div', { class: 'card', id: 'dual-writes' },
      el('h3', { text: 'Dual writes, this replica' + (d.active ? '' : ' (not writing to both sides now)') }),
      el('dl', {},
        el('dt', { text: 'Converged' }), el('dd', { text: count(d.converged) }),
        el('dt', { text: 'Diverged' }), el('dd', { text: count(d.diverged) + ' (' + percent(d.divergenceRate) + ' of read-backs)' }),
        el('dt', { text: 'New side write failed' }), el('dd', { text: count(d.writeFailed) }),
        el('dt', { text: 'Abandoned' }), el('dd', { text: count(d.abandoned) }),
        el('dt', { text: 'Read-backs pending' }), el('dd', { text: count(d.pending) }),
        el('dt', { text: 'Read back' }), el('dd', { text: d.readBack + ' after ' + d.delay.replace('PT', '').toLowerCase() + ', ' + d.attempts + ' attempts; id ' + (d.id || 'from Location') })),
      latest.length === 0 ? null : el('ul', { id: 'divergences' },
        ...latest.map((x) => el('li', { text: x.method + ' ' + x.target + ': ' + x.legacyRead + ' (legacy) and ' + x.newRead + ' (new): ' + x.reason }))));
  }

  // A route's operations (SOAP operations, GraphQL, JSON-RPC methods, declared read requests), each judged
  // alone: one endpoint can be ready for one operation and not for another.
  function operations(list) {
    const rows = list.map((o) => el('tr', {},
      el('td', {}, el('code', { text: o.name })),
      el('td', { text: count((o.comparisons.match || 0) + (o.comparisons.mismatch || 0)) }),
      el('td', { text: count(o.comparisons.mismatch || 0) + ' (' + percent(o.mismatchRate) + ')' }),
      el('td', { text: count(o.comparisons.skipped || 0) + skipped(o.skipped) }),
      el('td', {}, verdictWords(o.verdict))));
    return el('div', { class: 'card', id: 'operations' },
      el('h3', { text: 'Operations, this replica' }),
      el('div', { class: 'table-wrap' }, el('table', { id: 'operations-table' },
        el('thead', {}, el('tr', {}, ...['Operation', 'Compared', 'Mismatched', 'Skipped', 'Verdict'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...rows))));
  }

  function figures(r) {
    const f = fleetRoute(r.id);
    const cards = [];
    const outcomes = (source) => el('dl', {},
      el('dt', { text: 'Served by legacy' }), el('dd', { text: count(source.decisions.legacy) }),
      el('dt', { text: 'Served by new' }), el('dd', { text: count(source.decisions.new) }),
      el('dt', { text: 'Compared' }), el('dd', { text: count(source.comparisons.match + source.comparisons.mismatch) }),
      el('dt', { text: 'Matched' }), el('dd', { text: count(source.comparisons.match) }),
      el('dt', { text: 'Mismatched' }), el('dd', { text: count(source.comparisons.mismatch) + ' (' + percent(source.mismatchRate) + ')' }),
      el('dt', { text: 'Skipped' }), el('dd', { text: count(source.comparisons.skipped) + skipped(source.skipped) }),
      el('dt', { text: 'Latency legacy' }), el('dd', { text: latency(source.latency.legacy) }),
      el('dt', { text: 'Latency new' }), el('dd', { text: latency(source.latency.new) }),
      el('dt', { text: 'Errors' }), el('dd', { text: ['legacy', 'new'].map((side) => side + ' ' + errorText(source.errors[side])).join(', ') }),
      source.dualWrite ? el('dt', { text: 'Dual writes' }) : null,
      source.dualWrite ? el('dd', { class: 'dual-write-counts', text: count(source.dualWrite.converged) + ' converged, ' + count(source.dualWrite.diverged) + ' diverged, ' + count(source.dualWrite.writeFailed) + ' write failed, ' + count(source.dualWrite.abandoned) + ' abandoned' }) : null);
    if (f) {
      cards.push(el('div', { class: 'card', id: 'fleet-figures' },
        el('h3', { text: 'Fleet, ' + f.window.asked }),
        outcomes(f),
        el('p', { class: 'muted', text: 'From ' + f.replicas.map((x) => x.replica + ' (' + count(x.requests) + ' requests, last written ' + time(x.lastWrite) + ')').join(', ') || 'no replica yet' })));
    } else if (state.fleet && state.fleet.problem) {
      cards.push(el('div', { class: 'card' }, el('h3', { text: 'Fleet' }), el('p', { class: 'error', text: state.fleet.problem })));
    }
    cards.push(el('div', { class: 'card', id: 'live-figures' }, el('h3', { text: 'This replica, since it started' }), outcomes(r)));
    if (r.operations && r.operations.length) cards.push(operations(r.operations));
    if (r.dualWrite) cards.push(dualWrites(r.dualWrite));
    if (r.autopilot) cards.push(autopilot(r.autopilot));
    const p = r.protection;
    cards.push(el('div', { class: 'card', id: 'protection' },
      el('h3', { text: 'Protection' }),
      el('dl', {},
        el('dt', { text: 'Circuit breaker' }), el('dd', { text: p.breaker }),
        el('dt', { text: 'Fallbacks to legacy' }), el('dd', { text: count(p.fallbacks) }),
        el('dt', { text: 'Turned away by the breaker' }), el('dd', { text: count(p.breakerRejections) }),
        el('dt', { text: 'Guardrail trips' }), el('dd', { text: count(p.guardrailTrips) }),
        el('dt', { text: 'Rollback' }), el('dd', { text: r.rollback ? r.rollback.reason + ': ' + r.rollback.detail : 'none' }),
        el('dt', { text: 'Capture' }), el('dd', { text: captureText() }))));
    return cards;
  }
  // The autopilot's plan, where it stands, what it waits for, and every step it took.
  function autopilot(a) {
    const plan = a.plan;
    const steps = ['shadow'].concat(plan.steps.map((share) => 'canary ' + share + '%')).concat(plan.promote ? ['new'] : []);
    return el('div', { class: 'card wide', id: 'autopilot' },
      el('h3', { text: 'Autopilot' + (a.dryRun ? ' (dry run: it only says what it would do)' : '') }),
      el('dl', {},
        el('dt', { text: 'State' }), el('dd', { id: 'autopilot-state', text: a.state.replaceAll('_', ' ') + ' at ' + a.step + (a.since ? ' since ' + time(a.since) : '') }),
        el('dt', { text: 'Waiting for' }), el('dd', { id: 'autopilot-waiting', text: a.waitingFor || '-' }),
        el('dt', { text: 'Plan' }), el('dd', { id: 'autopilot-plan', text: steps.join(' → ') + '; each step at least ' + plan.hold.replace('PT', '').toLowerCase() + ' and ' + count(plan.minComparisons) + ' comparisons; on failure to ' + plan.onFailure }),
        el('dt', { text: 'Driven by' }), el('dd', { text: a.driver || 'no replica yet' })),
      el('table', { id: 'autopilot-history' },
        el('thead', {}, el('tr', {}, ...['When', 'Step', 'From', 'To', 'Why', 'By'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...(a.history.length ? a.history.slice().reverse().map((step) => el('tr', {},
          el('td', { text: time(step.at) }), el('td', { text: step.action }), el('td', { text: step.from }),
          el('td', { text: step.to }), el('td', { text: step.reason }), el('td', { text: step.by }))) : [el('tr', {}, el('td', { colspan: 6, text: 'No step yet' }))]))));
  }
  const skipped = (reasons) => {
    const parts = Object.entries(reasons || {}).map(([k, v]) => k.replaceAll('_', ' ') + ' ' + count(v));
    return parts.length ? ' (' + parts.join(', ') + ')' : '';
  };
  const errorText = (e) => (e && e.calls ? percent(e.rate) + ' of ' + count(e.calls) + ' calls' : 'no calls');
  const latency = (l) => (l && l.count ? 'p50 ' + l.p50Millis + ' ms, p95 ' + l.p95Millis + ' ms, p99 ' + l.p99Millis + ' ms (' + count(l.count) + ' calls)' : 'no calls');
  function captureText() {
    const c = state.live.capture || {};
    if (c.enabled === false) return 'off';
    return count(c.written) + ' written, ' + count(c.dropped) + ' dropped, ' + count(c.failed) + ' failed' + (c.lastError ? ' (' + c.lastError + ')' : '');
  }

  // ---- charts --------------------------------------------------------------------------------------------
  function charts() {
    const points = state.timeline && state.timeline.points ? state.timeline.points : [];
    const wrap = document.createDocumentFragment();
    wrap.append(
      el('div', { class: 'card' }, el('h3', { text: 'Mismatch rate, last 15 minutes (fleet)' }),
        lineChart(points, [{ key: (p) => (p.compared ? p.mismatchRate * 100 : null), cls: 'rate', label: 'mismatch rate %' }], '%', 'mismatch-chart')),
      el('div', { class: 'card' }, el('h3', { text: 'Latency per side, last 15 minutes (fleet)' }),
        lineChart(points, ['legacy', 'new'].flatMap((side) => ['p50', 'p95', 'p99'].map((q) => ({
          key: (p) => (p.latency[side] && p.latency[side].count ? p.latency[side][q + 'Millis'] : null), cls: side + ' ' + q, label: side + ' ' + q,
        }))), 'ms', 'latency-chart')));
    return wrap;
  }

  function lineChart(points, series, unit, id) {
    const width = 520, height = 180, left = 44, right = 8, top = 8, bottom = 22;
    const chart = svg('svg', { class: 'chart', id, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    const values = points.flatMap((p) => series.map((s) => s.key(p))).filter((v) => v !== null && v !== undefined);
    const max = Math.max(1, ...values);
    const x = (i) => left + (points.length < 2 ? 0 : (i / (points.length - 1)) * (width - left - right));
    const y = (v) => top + (1 - v / max) * (height - top - bottom);
    chart.append(svg('line', { class: 'axis', x1: left, y1: y(0), x2: width - right, y2: y(0) }));
    chart.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: y(0) }));
    const label = (text, attrs) => { const t = svg('text', attrs); t.textContent = text; return t; };
    chart.append(label(max.toFixed(1) + ' ' + unit, { x: 2, y: top + 10 }), label('0', { x: 2, y: y(0) }));
    if (points.length) {
      chart.append(label(time(points[0].time), { x: left, y: height - 4 }));
      if (points.length > 1) chart.append(label(time(points[points.length - 1].time), { x: width - right - 56, y: height - 4 }));
    }
    for (const s of series) {
      let d = '';
      points.forEach((p, i) => {
        const v = s.key(p);
        if (v === null || v === undefined) return;
        d += (d ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
      });
      if (d) chart.append(svg('path', { class: s.cls, d }));
      points.forEach((p, i) => {
        const v = s.key(p);
        if (v !== null && v !== undefined) chart.append(svg('circle', { class: 'dot ' + s.cls, cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5 }));
      });
    }
    const described = series.map((s) => s.label).join(', ');
    const latest = (s) => {
      for (let i = points.length - 1; i >= 0; i--) {
        const v = s.key(points[i]);
        if (v !== null && v !== undefined) return s.label + ' ' + Number(v).toFixed(2) + ' at ' + time(points[i].time);
      }
      return s.label + ' none';
    };
    chart.setAttribute('aria-label', described + ' per step; ' + (values.length ? 'latest ' + series.map(latest).join(', ') : 'no data yet'));
    const swatch = (cls) => { const box = svg('svg', { width: 28, height: 10, 'aria-hidden': 'true' }); box.append(svg('line', { class: cls, x1: 0, y1: 5, x2: 28, y2: 5 })); return box; };
    const legend = el('div', { class: 'legend chart-legend' }, ...series.map((s) => el('span', {}, swatch(s.cls), ' ' + s.label)));
    const frame = document.createDocumentFragment();
    frame.append(chart, legend);
    return frame;
  }

  // ---- differences and examples --------------------------------------------------------------------------
  // A trace id, as a link into the tracing UI when ficus.console.trace-url is set.
  function traceLink(id) {
    if (!id) return '—';
    const template = state.settings && state.settings.traceUrl;
    return template
      ? el('a', { href: template.replace('{traceId}', encodeURIComponent(id)), target: '_blank', rel: 'noopener noreferrer', text: id })
      : el('code', { text: id });
  }

  function differences(r) {
    const f = fleetRoute(r.id);
    const top = (f ? f.topDifferences : r.topDifferences) || [];
    const rows = top.map((d) => el('tr', {},
      el('td', {}, el('code', { text: d.path })),
      el('td', { text: d.kind.replaceAll('_', ' ') }),
      el('td', { text: count(d.count) }),
      el('td', {}, d.example ? el('span', {}, el('code', { text: d.example.method + ' ' + d.example.target }), ': legacy ', el('code', { text: d.example.legacy === null ? '(none)' : d.example.legacy }), ', new ', el('code', { text: d.example.new === null ? '(none)' : d.example.new })) : ''),
      el('td', {}, d.example ? traceLink(d.example.traceId) : '—')));
    return [
      el('h3', { text: 'Top differences' + (f ? ' (fleet, ' + f.window.asked + ')' : '') }),
      top.length ? el('div', { class: 'table-wrap' }, el('table', { id: 'differences-table' },
        el('thead', {}, el('tr', {}, ...['Path', 'Kind', 'Count', 'Example', 'Trace'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...rows))) : el('p', { class: 'muted', text: 'None.' }),
    ];
  }

  function examples() {
    const list = state.mismatches || [];
    if (!list.length) return [el('h3', { text: 'Recent mismatches on this replica' }), el('p', { class: 'muted', text: 'None yet.' })];
    const index = Math.min(state.openMismatch, list.length - 1);
    const picker = el('select', { id: 'mismatch-select', 'aria-label': 'Recent mismatch to show' },
      ...list.map((m, i) => el('option', { value: i, selected: i === index, text: time(m.time) + ' ' + m.method + ' ' + m.target + ' · ' + m.differences.map((d) => d.path).join(' ') })));
    picker.addEventListener('change', (event) => { state.openMismatch = Number(event.target.value); $('examples').replaceChildren(...examples()); });
    const m = list[index];
    const paths = m.differences;
    return [
      el('h3', { text: 'Recent mismatches on this replica' }),
      el('label', { for: 'mismatch-select', class: 'muted', text: 'Mismatch ' }), picker,
      el('p', { class: 'muted', id: 'mismatch-about' },
        m.method + ' ' + m.target + ' at ' + time(m.time) + ', served by ' + m.servingSide + ' · trace ', traceLink(m.traceId),
        ' · differs at ', paths.map((d) => d.path + ' (' + d.kind.replaceAll('_', ' ') + ')').join(', ')),
      el('div', { class: 'sides', id: 'sides' },
        el('div', {}, el('h4', { text: 'legacy · ' + m.legacyStatus }), body(m.legacyBody, paths, 'legacy')),
        el('div', {}, el('h4', { text: 'new · ' + m.newStatus }), body(m.newBody, paths, 'new'))),
    ];
  }

  // A body pretty-printed, with the values at the differing paths marked (on the side that has them).
  function body(text, differences, side) {
    const marked = new Set(differences
      .filter((d) => !(d.kind === 'missing_on_new' && side === 'new') && !(d.kind === 'extra_on_new' && side === 'legacy'))
      .map((d) => d.path));
    const pre = el('pre', { class: 'body-' + side, tabindex: 0, 'aria-label': side + ' body' });
    let tree;
    try { tree = JSON.parse(text); } catch (e) { markup(pre, text || '', marked); return pre; }
    if (tree === null || typeof tree !== 'object') { pre.textContent = text; return pre; }
    const write = (s) => pre.append(document.createTextNode(s));
    // Walked with an explicit stack: no document can exhaust the page's.
    const stack = [{ value: tree, pointer: '', indent: 0, key: null, last: true }];
    while (stack.length) {
      const item = stack.pop();
      if (item.close) { write('  '.repeat(item.indent) + item.close + (item.last ? '' : ',') + '\n'); continue; }
      const pad = '  '.repeat(item.indent);
      write(pad + (item.key !== null ? JSON.stringify(item.key) + ': ' : ''));
      const v = item.value;
      const mark = item.pointer && marked.has(item.pointer) ? el('mark') : null;
      if (mark) {
        mark.textContent = JSON.stringify(v, null, 2).split('\n').join('\n' + pad);
        pre.append(mark);
        write((item.last ? '' : ',') + '\n');
      } else if (v !== null && typeof v === 'object' && Object.keys(v).length) {
        const entries = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
        write(Array.isArray(v) ? '[\n' : '{\n');
        stack.push({ close: Array.isArray(v) ? ']' : '}', indent: item.indent, last: item.last });
        for (let i = entries.length - 1; i >= 0; i--) {
          const [k, x] = entries[i];
          stack.push({
            value: x, indent: item.indent + 1, key: Array.isArray(v) ? null : k, last: i === entries.length - 1,
            pointer: item.pointer + '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1'),
          });
        }
      } else {
        write(JSON.stringify(v) + (item.last ? '' : ',') + '\n');
      }
    }
    return pre;
  }

  // XML and HTML one element per line, text line by line, with the differing places marked: the
  // paths are the comparison's (local names, a 1-based position where a name repeats, @attribute,
  // #text; HTML tags with #id), so what the list of differences names is what is marked here.
  function markup(pre, text, marked) {
    const head = text.trimStart().slice(0, 64).toLowerCase();
    const write = (s) => pre.append(document.createTextNode(s));
    const mark = (s) => { const m = el('mark'); m.textContent = s; pre.append(m); };
    let root = null;
    const html = head.startsWith('<!doctype html') || head.startsWith('<html');
    if (html || head.startsWith('<')) {
      const doc = new DOMParser().parseFromString(text, html ? 'text/html' : 'application/xml');
      if (html || !doc.getElementsByTagName('parsererror').length) root = doc.documentElement;
    }
    if (!root) {
      if (![...marked].some((p) => p.startsWith('/line/'))) { pre.textContent = text; return; }
      text.split(/\r?\n/).forEach((line, i) => {
        if (marked.has('/line/' + (i + 1))) mark(line); else write(line);
        write('\n');
      });
      return;
    }
    const nameOf = (e) => {
      if (!html) return e.localName;
      const id = e.getAttribute('id');
      return e.localName + (id ? '#' + id : '');
    };
    const ownText = (e) => {
      if (html && (e.localName === 'script' || e.localName === 'style')) return e.textContent.trim();
      const parts = [...e.childNodes].filter((n) => n.nodeType === 3 || n.nodeType === 4).map((n) => n.data);
      const joined = parts.join('');
      return html ? joined.replace(/\s+/g, ' ').trim() : joined.trim();
    };
    const attributes = (e) => [...e.attributes]
      .filter((a) => !a.name.startsWith('xmlns') && !(html && a.name === 'id'))
      .map((a) => [a.localName, html && a.name === 'class' ? [...new Set(a.value.trim().split(/\s+/))].sort().join(' ') : a.value])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const pointer = (name) => name.replaceAll('~', '~0').replaceAll('/', '~1');
    const open = (e) => '<' + nameOf(e) + attributes(e).map(([k, v]) => ' ' + k + '="' + v + '"').join('');
    // An element and all it holds on one line, as the comparison names them (no prefixes).
    const compact = (top) => {
      let out = '';
      const todo = [top];
      while (todo.length && out.length < 2000) {
        const e = todo.pop();
        if (typeof e === 'string') { out += e; continue; }
        const kids = [...e.children];
        const own = ownText(e);
        if (!kids.length && !own) { out += open(e) + '/>'; continue; }
        out += open(e) + '>' + own;
        todo.push('</' + nameOf(e) + '>');
        for (let i = kids.length - 1; i >= 0; i--) todo.push(kids[i]);
      }
      return todo.length ? out + '…' : out;
    };
    // Walked with an explicit stack: no document can exhaust the page's.
    const stack = [{ children: [root], path: '', indent: 0 }];
    while (stack.length) {
      const item = stack.pop();
      if (item.close !== undefined) { write(item.close); continue; }
      if (item.children) {
        const counts = {};
        item.children.forEach((c) => { counts[nameOf(c)] = (counts[nameOf(c)] || 0) + 1; });
        const seen = {};
        const lines = item.children.map((child) => {
          const name = nameOf(child);
          seen[name] = (seen[name] || 0) + 1;
          const group = item.path + '/' + pointer(name);
          const path = counts[name] > 1 ? group + '/' + seen[name] : group;
          return { element: child, name, path, indent: item.indent,
            whole: marked.has(path) || (counts[name] > 1 && marked.has(group)) };
        });
        for (let i = lines.length - 1; i >= 0; i--) stack.push(lines[i]);
        continue;
      }
      const { element, name, path, indent, whole } = item;
      const pad = '  '.repeat(indent);
      write(pad);
      if (whole) {
        // the whole element differs: written on one line inside the mark
        mark(compact(element));
        write('\n');
        continue;
      }
      const kids = [...element.children];
      const own = ownText(element);
      write('<' + name);
      for (const [key, value] of attributes(element)) {
        write(' ');
        const pair = key + '="' + value + '"';
        if (marked.has(path + '/@' + key)) mark(pair); else write(pair);
      }
      if (!kids.length) {
        write(own ? '>' : '/>');
        if (own) { if (marked.has(path + '/#text')) mark(own); else write(own); write('</' + name + '>'); }
        write('\n');
        continue;
      }
      write('>\n');
      if (own) {
        write(pad + '  ');
        if (marked.has(path + '/#text')) mark(own); else write(own);
        write('\n');
      }
      stack.push({ close: pad + '</' + name + '>\n' });
      stack.push({ children: kids, path, indent: indent + 1 });
    }
  }

  function noise(r) {
    const f = fleetRoute(r.id);
    const list = (f ? f.noise : r.noise) || [];
    return [
      el('h3', { text: 'Noise, set apart (not counted as differences)' }),
      list.length ? el('div', { class: 'table-wrap' }, el('table', { id: 'noise-table' },
        el('thead', {}, el('tr', {}, ...['Path', 'Why', 'Set apart in', 'Learned from'].map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...list.map((n) => el('tr', {},
          el('td', {}, el('code', { text: n.path })),
          el('td', { text: n.reason === 'learned' ? 'legacy differs from itself here' : n.reason === 'uuid' ? 'both values are UUIDs' : n.reason === 'timestamp' ? 'both values are current times' : n.reason }),
          el('td', { text: count(n.count) + ' comparisons' }),
          el('td', { text: n.learnedFrom ? count(n.learnedFrom) + ' legacy/legacy pairs' : '—' })))))) : el('p', { class: 'muted', text: 'None.' }),
    ];
  }

  // ---- start ---------------------------------------------------------------------------------------------
  if (state.token) start(); else signOut('');
})();
