const queries = JSON.parse(document.getElementById('queries').textContent);
const pick = document.getElementById('pick'), text = document.getElementById('query');
const out = document.getElementById('out'), status = document.getElementById('status');
for (const q of queries) { pick.add(new Option(q.name + (q.description ? ' - ' + q.description : ''), q.name)); }
pick.onchange = () => { const q = queries.find(x => x.name === pick.value); if (q) text.value = q.text; };
function cell(row, tag, value) { const c = document.createElement(tag); c.textContent = value; row.appendChild(c); }
document.getElementById('run').onclick = async () => {
  out.replaceChildren(); status.textContent = 'running...';
  const started = performance.now();
  try {
    const r = await fetch('sparql', {method: 'POST', body: text.value, headers: {
      'Content-Type': 'application/sparql-query',
      'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
    const body = await r.text(), ms = Math.round(performance.now() - started);
    if (!r.ok) { status.textContent = r.status + ' ' + body; return; }
    if ((r.headers.get('Content-Type') || '').includes('sparql-results+json')) {
      const data = JSON.parse(body);
      if ('boolean' in data) { status.textContent = String(data.boolean) + ' (' + ms + ' ms)'; return; }
      const table = document.createElement('table'), head = table.insertRow();
      for (const v of data.head.vars) cell(head, 'th', v);
      for (const b of data.results.bindings) {
        const row = table.insertRow();
        for (const v of data.head.vars) cell(row, 'td', b[v] ? b[v].value : '');
      }
      out.appendChild(table);
      status.textContent = data.results.bindings.length + ' rows (' + ms + ' ms)';
    } else {
      const pre = document.createElement('pre'); pre.textContent = body; out.appendChild(pre);
      status.textContent = ms + ' ms';
    }
    if (r.headers.get('X-Result-Truncated')) status.textContent += ' - truncated at the row limit';
  } catch (e) { status.textContent = 'request failed: ' + e; }
};