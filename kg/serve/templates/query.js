const queries = JSON.parse(document.getElementById('queries').textContent);
const prefixes = Object.entries(JSON.parse(document.getElementById('prefixes').textContent))
  .sort((a, b) => b[1].length - a[1].length);  // the longest namespace first
const pick = document.getElementById('pick'), text = document.getElementById('query');
const out = document.getElementById('out'), status = document.getElementById('status');
const about = document.getElementById('about'), paramBox = document.getElementById('params');
const csvButton = document.getElementById('csv');
let fields = [], lastResult = null;

for (const q of queries) pick.add(new Option(q.name, q.name));
pick.onchange = () => {
  const q = queries.find(x => x.name === pick.value);
  about.textContent = q ? q.description : '';
  paramBox.replaceChildren();
  fields = [];
  if (!q) return;
  text.value = q.text;
  for (const p of q.params || []) {
    const label = document.createElement('label'), input = document.createElement('input');
    label.textContent = p.name + (p.kind ? ' (' + p.kind + ') ' : ' ');
    input.placeholder = p.kind === 'IRI' ? 'an IRI or prefixed name, e.g. actor:bla; empty: any' : 'empty: any';
    label.appendChild(input);
    if (p.description) { const s = document.createElement('small'); s.textContent = p.description; label.appendChild(s); }
    paramBox.appendChild(label);
    fields.push({param: p, input});
  }
};

/* A parameter's value as a SPARQL term: an IRI (full or prefixed) or a string. */
function term(value, kind) {
  const v = value.trim();
  if (/^<?(https?|urn):[^\s<>"{}|\\^`]+>?$/.test(v)) return '<' + v.replace(/^<|>$/g, '') + '>';
  const m = /^([A-Za-z][\w-]*):([^\s<>"{}|\\^`]*)$/.exec(v);
  if (m) { const ns = prefixes.find(([name]) => name === m[1]); if (ns) return '<' + ns[1] + m[2] + '>'; }
  if (kind === 'IRI') throw new Error('“' + v + '” is not an IRI or a known prefixed name.');
  if (/^-?\d+(\.\d+)?$/.test(v)) return v;
  return JSON.stringify(v);
}
/* Filled parameters are bound with a VALUES block at the start of the WHERE clause. */
function bound(query) {
  const filled = fields.filter(f => f.input.value.trim());
  if (!filled.length) return query;
  const names = filled.map(f => '?' + f.param.name).join(' ');
  const values = filled.map(f => term(f.input.value, f.param.kind)).join(' ');
  const block = ' VALUES (' + names + ') { (' + values + ') } ';
  const at = query.search(/WHERE\s*\{/i);
  const open = at >= 0 ? query.indexOf('{', at) : query.indexOf('{');
  return open < 0 ? query : query.slice(0, open + 1) + block + query.slice(open + 1);
}

function shortName(iri) {
  for (const [name, ns] of prefixes) if (iri.startsWith(ns) && iri.length > ns.length) return name + ':' + iri.slice(ns.length);
  return iri;
}
/* One sentence for an error: where it is, not what the parser expected. */
function human(message) {
  const at = /(\d+):(\d+)/.exec(message);
  if (/syntax error/i.test(message) && at) {
    const line = text.value.split('\n')[Number(at[1]) - 1] || '';
    const near = line.slice(Math.max(0, Number(at[2]) - 1)).trim().slice(0, 20);
    const where = near ? ', near “' + near + '”' : (Number(at[2]) > line.length ? ', at the end of the line' : '');
    return 'The query has a mistake at line ' + at[1] + ', column ' + at[2] + where + '.';
  }
  return message.split('\n')[0];
}
async function post(query) {
  return fetch('sparql', {method: 'POST', body: query, headers: {
    'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
}
/* Labels of the IRIs in the results, in one more query (at most 300 IRIs). */
async function labels(iris) {
  if (!iris.length) return {};
  const q = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { ' +
    iris.slice(0, 300).map(i => '<' + i + '>').join(' ') + ' } ?s rdfs:label ?l } GROUP BY ?s';
  try {
    const r = await post(q);
    if (!r.ok) return {};
    const found = {};
    for (const b of (await r.json()).results.bindings) found[b.s.value] = b.label.value;
    return found;
  } catch (e) { return {}; }
}
function cell(row, tag, value, iri, label) {
  const c = document.createElement(tag);
  if (iri) {
    c.title = iri;
    c.textContent = label || shortName(iri);
    if (label) { const s = document.createElement('small'); s.textContent = shortName(iri); c.appendChild(s); }
  } else c.textContent = value;
  row.appendChild(c);
}
function csv(data) {
  const quote = v => /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  const lines = [data.head.vars.map(quote).join(',')];
  for (const b of data.results.bindings) lines.push(data.head.vars.map(v => quote(b[v] ? b[v].value : '')).join(','));
  return lines.join('\r\n') + '\r\n';
}
csvButton.onclick = () => {
  if (!lastResult) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csv(lastResult)], {type: 'text/csv'}));
  a.download = (pick.value || 'query') + '.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
};

document.getElementById('run').onclick = async () => {
  out.replaceChildren(); status.textContent = 'running...'; status.className = '';
  csvButton.hidden = true; lastResult = null;
  const started = performance.now();
  try {
    const r = await post(bound(text.value));
    const body = await r.text(), ms = Math.round(performance.now() - started);
    if (!r.ok) { status.className = 'error'; status.textContent = human(body); return; }
    if ((r.headers.get('Content-Type') || '').includes('sparql-results+json')) {
      const data = JSON.parse(body);
      if ('boolean' in data) { status.textContent = String(data.boolean) + ' (' + ms + ' ms)'; return; }
      const iris = [...new Set(data.results.bindings.flatMap(b => Object.values(b)).filter(t => t.type === 'uri').map(t => t.value))];
      const names = await labels(iris);
      const table = document.createElement('table'), head = table.insertRow();
      for (const v of data.head.vars) cell(head, 'th', v);
      for (const b of data.results.bindings) {
        const row = table.insertRow();
        for (const v of data.head.vars) {
          const t = b[v];
          cell(row, 'td', t ? t.value : '', t && t.type === 'uri' ? t.value : null, t && names[t.value]);
        }
      }
      out.appendChild(table);
      lastResult = data; csvButton.hidden = false;
      status.textContent = data.results.bindings.length + ' rows (' + ms + ' ms)';
    } else {
      const pre = document.createElement('pre'); pre.textContent = body; out.appendChild(pre);
      status.textContent = ms + ' ms';
    }
    if (r.headers.get('X-Result-Truncated')) status.textContent += ' - truncated at the row limit';
  } catch (e) { status.className = 'error'; status.textContent = e.message || ('request failed: ' + e); }
};

/* A query can be shared as a link: #name=attacks_by_group&group=actor:bla&run=1 */
(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('name') && queries.some(q => q.name === params.get('name'))) {
    pick.value = params.get('name');
    pick.onchange();
    for (const f of fields) f.input.value = params.get(f.param.name) || '';
  }
  if (params.get('query')) text.value = params.get('query');
  if (params.get('run') === '1') document.getElementById('run').click();
})();
