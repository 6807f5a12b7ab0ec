// Reads the shared Debian Packages TSVs (/work/shared/data/debian-<release>-packages.tsv.gz)
// into a small in-memory index, and computes apt-style dependency closures over it. The
// generators use this to derive package lists (e.g. a debian:<release>-slim set) and sizes
// of package sets; the extension itself uses server/src/core/size/apt-resolve.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compareDebianVersions, compactRelations, provideNames } from './debian-control.mjs';

export function loadTsvIndex(dir, release) {
  const text = gunzipSync(readFileSync(join(dir, `debian-${release}-packages.tsv.gz`))).toString('utf8');
  const lines = text.split('\n');
  const cols = lines[0].split('\t');
  const at = (n) => cols.indexOf(n);
  const c = {
    name: at('package'), version: at('version'), kib: at('installed_size_kib'), depends: at('depends'), pre: at('pre_depends'),
    provides: at('provides'), priority: at('priority'), essential: at('essential'),
  };
  const pkgs = new Map();
  const providers = new Map();
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const f = line.split('\t');
    const name = f[c.name];
    const prev = pkgs.get(name);
    if (prev && compareDebianVersions(f[c.version], prev.version) <= 0) continue;
    const deps = [compactRelations(f[c.pre]), compactRelations(f[c.depends])].filter(Boolean).join(',');
    pkgs.set(name, {
      name,
      version: f[c.version],
      kib: Number(f[c.kib]) || 0,
      priority: f[c.priority],
      essential: f[c.essential] === 'yes',
      depends: deps ? deps.split(',').map((g) => g.split('|').map((a) => a.replace(/^=/, ''))) : [],
      provides: provideNames(f[c.provides]),
    });
  }
  for (const p of pkgs.values()) for (const v of p.provides) providers.set(v, [...(providers.get(v) ?? []), p.name]);
  return { release, pkgs, providers };
}

/** Depends/Pre-Depends closure of `roots` (first satisfiable alternative, installed ones preferred). */
export function dependsClosure(index, roots, installed = new Set(), prefer = new Set()) {
  const selected = new Set();
  const present = (n) => installed.has(n) || selected.has(n) || (index.providers.get(n) ?? []).some((p) => installed.has(p) || selected.has(p));
  const queue = [];
  const add = (n) => {
    if (installed.has(n) || selected.has(n)) return;
    selected.add(n);
    queue.push(n);
  };
  for (const r of roots) if (index.pkgs.has(r)) add(r);
  while (queue.length) {
    const p = index.pkgs.get(queue.shift());
    for (const group of p?.depends ?? []) {
      if (group.some(present)) continue;
      const real = group.find((a) => prefer.has(a) && index.pkgs.has(a)) ?? group.find((a) => index.pkgs.has(a));
      const virt = real ?? group.map((a) => (index.providers.get(a) ?? []).slice().sort()[0]).find(Boolean);
      if (virt) add(virt);
    }
  }
  return selected;
}

/**
 * Priority: required packages plus the closure of apt: what debuerreotype's minbase images contain.
 * debootstrap merges /usr itself and installs the usr-is-merged marker rather than the usrmerge
 * converter (which would pull perl), so that alternative is taken as given.
 */
export function minbaseSet(index) {
  const required = [...index.pkgs.values()].filter((p) => p.priority === 'required').map((p) => p.name);
  return dependsClosure(index, [...required, 'apt'], new Set(), new Set(['usr-is-merged']));
}

export const sumKiB = (index, names) => [...names].reduce((s, n) => s + (index.pkgs.get(n)?.kib ?? 0), 0);
