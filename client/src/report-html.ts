import { formatBytes, type EstimateReport, type RealSizes } from './estimate-protocol';

/**
 * The report view's HTML. Colours come from VS Code's theme variables so it follows light,
 * dark and high-contrast themes; no external resources, a strict CSP with a nonce.
 */
export function reportHtml(report: EstimateReport, fileName: string, nonce: string, cspSource: string, real?: RealSizes): string {
  const realAt = new Map((real?.layers ?? []).map((l) => [l.line, l.real]));
  const realCell = (line: number) => (real ? `<td class="num real">${realAt.has(line) ? formatBytes(realAt.get(line)!) : ''}</td>` : '');
  const final = report.layers.filter((l) => l.inFinalImage && l.bytes >= 1e5);
  const max = Math.max(report.base?.bytes ?? 0, ...final.map((l) => l.bytes), 1);
  // The CSP allows no inline style attributes: each bar width becomes a class in the nonce'd sheet.
  const widths = new Map<string, string>();
  const bar = (bytes: number, cls = '') => {
    const pct = Math.max(0.5, (100 * bytes) / max).toFixed(1);
    const name = `w${pct.replace('.', '_')}`;
    widths.set(name, `.${name}{width:${pct}%}`);
    return `<div class="bar ${cls} ${name}"></div>`;
  };
  const range = (b: number, lo: number, hi: number) => (hi - lo < Math.max(1e5, b * 0.02) ? formatBytes(b) : `${formatBytes(b)} <span class="muted">(${formatBytes(lo)}–${formatBytes(hi)})</span>`);
  const rows: string[] = [];
  if (report.base) {
    rows.push(`<tr><td class="line"><a href="#" data-line="${report.stages.find((s) => s.name === report.finalStage || String(s.index) === report.finalStage)?.line ?? 1}">base</a></td>
      <td>${esc(report.base.image)}</td><td class="num">${report.base.known ? range(report.base.bytes, report.base.low, report.base.high) : 'unknown'}</td>${real ? '<td></td>' : ''}<td class="chart">${bar(report.base.bytes, 'base')}</td></tr>`);
  }
  for (const l of final) {
    const top = l.items.slice(0, 3).map((i) => `${esc(i.name)} ${formatBytes(i.bytes)}`).join(', ');
    rows.push(`<tr><td class="line"><a href="#" data-line="${l.line}">${l.line}</a></td><td><code>${l.instruction}</code> ${top ? `<span class="muted">${top}</span>` : ''}</td>
      <td class="num">${range(l.bytes, l.lowBytes, l.highBytes)}</td>${realCell(l.line)}<td class="chart">${bar(l.bytes)}</td></tr>`);
  }
  const stageRows = report.stages
    .map((s) => `<tr><td class="line"><a href="#" data-line="${s.line}">${s.line}</a></td><td>${esc(s.name ?? `stage ${s.index}`)}</td><td>${esc(s.role)}</td><td class="num">${range(s.bytes, s.lowBytes, s.highBytes)}</td></tr>`)
    .join('');
  const savings = report.savings.length
    ? `<ul>${report.savings.map((s) => `<li><a href="#" data-line="${s.line}">line ${s.line}</a> ${esc(s.title)} <span class="muted">[${esc(s.ruleId)}]</span> — saves ≈ <b>${formatBytes(s.bytes)}</b></li>`).join('')}</ul>`
    : '<p class="muted">No available fix changes the final size.</p>';
  const sources = new Set<string>();
  if (report.base) sources.add(`${report.base.image}: ${report.base.source}`);
  for (const l of final) for (const i of l.items) sources.add(i.source.startsWith(`${i.basis}:`) ? i.source : `${i.basis}: ${i.source}`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:0 16px 24px}
h1{font-size:1.3em;margin:14px 0 2px} h2{font-size:1.05em;margin:22px 0 6px}
.total{font-size:2.2em;font-weight:600;margin:4px 0} .muted{color:var(--vscode-descriptionForeground)}
table{border-collapse:collapse;width:100%} td,th{padding:3px 8px;border-bottom:1px solid var(--vscode-panel-border,#8884);text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap} td.line{width:3em} td.chart{width:38%}
.bar{height:12px;background:var(--vscode-charts-blue,#3794ff);border-radius:2px} .bar.base{background:var(--vscode-charts-purple,#b180d7)}
a{color:var(--vscode-textLink-foreground);cursor:pointer} code{font-family:var(--vscode-editor-font-family)}
li{margin:3px 0}
${[...widths.values()].join('\n')}
</style></head><body>
<h1>Estimated final image size — ${esc(fileName)}</h1>
<div class="total" id="total">${formatBytes(report.totalBytes)}</div>
${real ? `<div id="real">real image <b>${esc(real.image)}</b>: ${real.total.real !== undefined ? formatBytes(real.total.real) : 'size unknown'} (docker image inspect); per-layer sizes from docker history in the "real" column</div>` : ''}
<div class="muted">range ${formatBytes(report.lowBytes)} – ${formatBytes(report.highBytes)} · final stage ${esc(report.finalStage ?? '—')} · unpacked, as <code>docker images</code> reports</div>
<h2>Layers in the final image</h2>
<table id="layers">${real ? '<tr><th></th><th></th><th class="num">estimate</th><th class="num">real</th><th></th></tr>' : ''}${rows.join('')}</table>
<h2>Stages</h2><table>${stageRows}</table>
<h2>What the available fixes would save</h2>${savings}
<h2>Sources and assumptions</h2><ul>${[...report.assumptions, ...sources].map((s) => `<li class="muted">${esc(s)}</li>`).join('')}</ul>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.body.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-line]');
  if (!a) return;
  e.preventDefault();
  vscode.postMessage({ type: 'reveal', line: Number(a.dataset.line) });
});
</script></body></html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
