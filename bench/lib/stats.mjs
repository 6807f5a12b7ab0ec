// Small statistics and formatting helpers. Medians and p95 rather than means: the machines
// that run this are shared and noisy, and a single descheduled sample would drag a mean.

export function quantile(samples, q) {
  if (!samples.length) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  // Nearest rank: with few samples p95 is the worst one, which is the honest reading.
  const rank = Math.min(s.length, Math.max(1, Math.ceil(q * s.length)));
  return s[rank - 1];
}

export const median = (xs) => quantile(xs, 0.5);
export const p95 = (xs) => quantile(xs, 0.95);
export const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
export function stdev(xs) {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

export function summary(xs) {
  return { n: xs.length, median: median(xs), p95: p95(xs), min: Math.min(...xs), max: Math.max(...xs), mean: mean(xs), stdev: stdev(xs) };
}

export function ms(v) {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
}

export function ratio(a, b) {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

export function mb(bytes) {
  if (bytes === undefined || Number.isNaN(bytes)) return '–';
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A GitHub-flavoured markdown table; `align` is a string of l/r per column. */
export function table(header, rows, align) {
  const a = align ?? 'l' + 'r'.repeat(header.length - 1);
  const sep = header.map((_, i) => (a[i] === 'r' ? '---:' : '---'));
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(sep), ...rows.map(line)].join('\n');
}

/** Runs `fns` round-robin, rotating the order each round, so load spikes hit every contender alike. */
export async function interleaved(fns, rounds, { between } = {}) {
  const names = Object.keys(fns);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      const t = await fns[name](r);
      out[name].push(t);
      if (between) await between();
    }
  }
  return out;
}

export const sleep = (msec) => new Promise((r) => setTimeout(r, msec));
export const tick = () => new Promise((r) => setImmediate(r));
