// The training page: plain browser JavaScript, no build step. It speaks the graphql-ws protocol
// (graphql-transport-ws) directly, the same protocol any client library uses.
(() => {
  const $ = (id) => document.getElementById(id);
  const endpoint = new URL('/graphql', location.href);
  const wsEndpoint = endpoint.href.replace(/^http/, 'ws');
  const state = { socket: null, points: [], epochs: 0 };

  const key = () => $('key').value.trim();
  const say = (text, isError = false) => {
    $('message').textContent = text;
    $('message').className = isError ? 'error' : '';
  };
  $('key').value = sessionStorage.getItem('mi-key') ?? '';

  async function graphql(query, variables = {}) {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key()}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors?.length) throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    return body.data;
  }

  async function loadRuns(select) {
    sessionStorage.setItem('mi-key', key());
    const data = await graphql(
      'query TrainingRuns { trainingRuns(first: 20) { edges { node { id status trigger createdAt config { epochs } } } } }',
    );
    const runs = $('runs');
    runs.replaceChildren(
      ...data.trainingRuns.edges.map(({ node }) => {
        const option = document.createElement('option');
        option.value = node.id;
        option.dataset.epochs = String(node.config.epochs);
        option.textContent = `${new Date(node.createdAt).toLocaleString()} · ${node.status.toLowerCase()} · ${node.trigger.toLowerCase()} · ${node.id.slice(0, 8)}`;
        return option;
      }),
    );
    if (select) runs.value = select;
    say(data.trainingRuns.edges.length ? 'Pick a run to follow, or start one.' : 'No runs yet: start one.');
  }

  /** One subscription over graphql-ws; calls onNext per result, resolves when the server completes it. */
  function subscribe(query, variables, onNext) {
    return new Promise((resolve, reject) => {
      state.socket?.close(1000);
      const socket = new WebSocket(wsEndpoint, 'graphql-transport-ws');
      state.socket = socket;
      socket.onopen = () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key()}` } }));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        } else if (message.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        } else if (message.type === 'next') {
          if (message.payload.errors?.length) reject(new Error(message.payload.errors.map((e) => e.message).join('; ')));
          else onNext(message.payload.data);
        } else if (message.type === 'error') {
          reject(new Error(message.payload.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ')));
        } else if (message.type === 'complete') {
          socket.close(1000);
          resolve();
        }
      };
      socket.onclose = (event) => {
        if (event.code === 4403) reject(new Error('The gateway refused the connection: check the API key.'));
        else if (event.code !== 1000) reject(new Error(`Connection closed (${event.code})`));
      };
    });
  }

  const fmt = (x, digits = 4) => (x === null || x === undefined ? '—' : Number(x).toFixed(digits));

  function show(event) {
    $('status').textContent = event.status;
    if (event.kind === 'PROGRESS') {
      $('epoch').textContent = `${event.epoch} / ${state.epochs}`;
      $('loss').textContent = fmt(event.loss, 5);
      $('val-loss').textContent = fmt(event.validationLoss, 5);
      $('val-mae').textContent = fmt(event.validationMae);
      $('rate').textContent = Math.round(event.samplesPerSecond ?? 0).toLocaleString();
      $('eta').textContent = `${Math.round(event.etaSeconds ?? 0)} s`;
      if (event.validationLoss !== null) {
        const i = state.points.findIndex((p) => p.epoch === event.epoch);
        const point = { epoch: event.epoch, loss: event.loss, val: event.validationLoss };
        if (i >= 0) state.points[i] = point;
        else state.points.push(point);
        draw();
      }
    } else {
      if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(event.status)) $('eta').textContent = '—';
      const item = document.createElement('li');
      item.textContent = `${new Date(event.at).toLocaleTimeString()} ${event.status.toLowerCase()}${event.message ? `: ${event.message}` : ''}`;
      $('log').append(item);
    }
    const version = event.run?.modelVersion;
    if (version) {
      $('version').textContent = `v${version.version}${version.aliases.length ? ` (${version.aliases.join(', ')})` : ''}`;
      showMetrics(version.metrics);
    }
  }

  function showMetrics(m) {
    const rows = [
      ['MAE', m.test.mae, m.rubricBaseline?.mae],
      ['R²', m.test.r2, m.rubricBaseline?.r2],
      ['Spearman', m.test.spearman, m.rubricBaseline?.spearman],
      ['pairwise accuracy', m.test.pairwiseAccuracy, m.rubricBaseline?.pairwiseAccuracy],
      ['within ±0.1', m.test.accuracyWithin, m.rubricBaseline?.accuracyWithin],
      ['samples', m.test.count, m.rubricBaseline?.count],
    ];
    $('metrics-body').replaceChildren(
      ...rows.map(([name, model, rubric]) => {
        const tr = document.createElement('tr');
        const digits = name === 'samples' ? 0 : 3;
        for (const text of [name, fmt(model, digits), fmt(rubric, digits)]) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
    );
    $('metrics').hidden = false;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Loss curves on a log scale, epochs on x; redrawn whole on each point (a few hundred at most). */
  function draw() {
    const svg = $('chart');
    const [W, H, L, R, T, B] = [800, 360, 60, 16, 12, 36];
    const pts = state.points;
    const values = pts.flatMap((p) => [p.loss, p.val]).filter((v) => v > 0);
    if (values.length === 0) return;
    const lo = Math.floor(Math.log10(Math.min(...values)));
    const hi = Math.ceil(Math.log10(Math.max(...values)));
    const maxEpoch = Math.max(state.epochs, ...pts.map((p) => p.epoch), 1);
    const x = (epoch) => L + ((W - L - R) * epoch) / maxEpoch;
    const y = (v) => T + ((H - T - B) * (hi - Math.log10(Math.max(v, 10 ** lo)))) / Math.max(1, hi - lo);
    const children = [];
    for (let e = lo; e <= hi; e++) {
      children.push(el('line', { class: 'grid', x1: L, x2: W - R, y1: y(10 ** e), y2: y(10 ** e) }));
      children.push(el('text', { class: 'tick', x: L - 6, y: y(10 ** e) + 4, 'text-anchor': 'end' }, `1e${e}`));
    }
    const step = Math.max(1, Math.ceil(maxEpoch / 10));
    for (let e = 0; e <= maxEpoch; e += step)
      children.push(el('text', { class: 'tick', x: x(e), y: H - B + 16, 'text-anchor': 'middle' }, String(e)));
    children.push(
      el('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }),
      el('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B }),
    );
    const path = (field) => pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.epoch).toFixed(1)},${y(p[field]).toFixed(1)}`).join(' ');
    children.push(el('path', { class: 'line train', d: path('loss'), 'data-points': pts.length }));
    children.push(el('path', { class: 'line val', d: path('val'), 'data-points': pts.length }));
    svg.replaceChildren(...children);
  }

  const FOLLOW = `subscription TrainingProgress($runId: ID!) {
    trainingProgress(runId: $runId) {
      kind status epoch loss validationLoss validationMae samplesPerSecond etaSeconds message at
      run { modelVersion { version aliases metrics {
        test { count mae r2 spearman pairwiseAccuracy accuracyWithin }
        rubricBaseline { count mae r2 spearman pairwiseAccuracy accuracyWithin } } } }
    }
  }`;

  async function follow(runId, epochs) {
    state.points = [];
    state.epochs = epochs;
    $('chart').replaceChildren();
    $('log').replaceChildren();
    $('metrics').hidden = true;
    $('version').textContent = '—';
    say(`Following run ${runId}…`);
    await subscribe(FOLLOW, { runId }, (data) => show(data.trainingProgress));
    say(`Run ${runId} ended: ${$('status').textContent.toLowerCase()}.`);
    await loadRuns(runId);
  }

  const guard = (fn) => () => fn().catch((err) => say(err.message, true));
  $('connect').addEventListener(
    'click',
    guard(() => loadRuns()),
  );
  $('follow').addEventListener(
    'click',
    guard(async () => {
      const option = $('runs').selectedOptions[0];
      if (!option) throw new Error('No run selected: load the runs first.');
      await follow(option.value, Number(option.dataset.epochs));
    }),
  );
  $('start').addEventListener(
    'click',
    guard(async () => {
      const epochs = Number($('epochs').value);
      const data = await graphql(
        'mutation StartTraining($input: StartTrainingInput) { startTraining(input: $input) { id config { epochs } } }',
        {
          input: { epochs },
        },
      );
      await loadRuns(data.startTraining.id);
      await follow(data.startTraining.id, data.startTraining.config.epochs);
    }),
  );
})();
