// A readable, self-contained reference page for /api/v1 rendered from the OpenAPI document (no
// scripts or CDN: the appliance works offline).
type Schema = Record<string, unknown>;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function fieldList(schema: unknown): string {
  const props = (schema as { properties?: Record<string, Schema> } | undefined)?.properties;
  if (!props) return '';
  const req = new Set((schema as { required?: string[] }).required ?? []);
  const rows = Object.entries(props).map(([name, s]) => {
    const type = typeof s.type === 'string' ? s.type : s.anyOf ? 'one of several' : 'value';
    const desc = typeof s.description === 'string' ? ` — ${escapeHtml(s.description)}` : '';
    return `<li><code>${escapeHtml(name)}</code> <span class="t">${escapeHtml(type)}${req.has(name) ? ', required' : ''}</span>${desc}</li>`;
  });
  return `<ul>${rows.join('')}</ul>`;
}

export function renderDocsPage(doc: Schema): string {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Schema>>;
  const sections: string[] = [];
  for (const [path, ops] of Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [method, op] of Object.entries(ops)) {
      const params = ((op.parameters ?? []) as Schema[]).filter((p) => p.in === 'query');
      const body = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json']?.schema;
      const codes = Object.keys((op.responses ?? {}) as Schema).join(', ');
      sections.push(`<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
${op.summary ? `<p>${escapeHtml(String(op.summary))}</p>` : ''}
${params.length ? `<h4>Query</h4><ul>${params.map((p) => `<li><code>${escapeHtml(String(p.name))}</code>${p.description ? ` — ${escapeHtml(String(p.description))}` : ''}</li>`).join('')}</ul>` : ''}
${body ? `<h4>Body</h4>${fieldList(body)}` : ''}
<p class="t">Responses: ${escapeHtml(codes)}</p></section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hangar API v1 reference</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1d1f24}
h3{font-size:15px;margin:1.4rem 0 .3rem}.m{display:inline-block;min-width:4.2em;font-size:12px;padding:1px 6px;border-radius:4px;color:#fff;background:#555}
.get{background:#2f7d32}.post{background:#1f5fbf}.patch{background:#b26a00}.delete{background:#b3261e}.t{color:#666}code{font-size:13px}
section{border-top:1px solid #eee}</style></head><body>
<h1>Hangar REST API v1</h1>
<p>Plane-compatible. Send an API token in the <code>X-Api-Key</code> header (create one in your profile settings or with
<code>npx hangar api-token create --email you@example.com</code>). Lists answer with Plane's pagination envelope
(<code>per_page</code>, <code>cursor</code>); reads accept <code>fields</code> and <code>expand</code>.
The machine-readable description is at <a href="openapi.json">openapi.json</a>.</p>
${sections.join('\n')}
</body></html>`;
}
