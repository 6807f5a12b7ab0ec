import { isDevHeaders, stripVersion } from '../../knowledge/build-tools';
import { ancestry } from '../../model/stage-graph';
import { rootStage, stageLabel } from '../../model/queries';
import type { ImageModel, Instruction, Stage } from '../../model/types';
import { normalizePythonName, parseRequirementsTxt } from '../../estimate/requirements';
import { lookupBaseImage } from '../../size/base-images';
import { normalizeRequestedName, resolveAptInstall, runtimeLibraryFor } from '../../size/apt-resolve';
import type { DebianIndex } from '../../size/debian-index';
import type { Finding, RelatedLocation, Rule, RuleContext } from '../types';

const PYTHON_PATHS = /(^|\/)(venv|\.venv|site-packages|dist-packages|\.local|install|wheels|lib\/python)/;

export const missingRuntimeLibrary: Rule = {
  meta: {
    id: 'missing-runtime-library',
    title: 'Runtime library missing after COPY --from',
    description: 'Code compiled against a -dev package in a build stage needs the matching runtime library in the final image, or it fails at import time.',
    defaultSeverity: 'error',
    category: 'multi-stage',
    fixable: 'safe',
  },
  check(ctx) {
    const { model, facts } = ctx;
    const final = model.finalStage;
    if (!final || !facts) return [];
    const root = rootStage(model, final);
    if (root.base.kind !== 'image') return [];
    const table = facts.baseImages();
    const base = table ? lookupBaseImage(table, root.base.ref) : undefined;
    if (!base || base.record.os !== 'debian') return [];
    const index = facts.debian(base.record.release);
    if (!index) return [];
    const sure = base.packagesComplete;
    // What the final image installs (a dependency closure per apt install) is only worked out
    // when something is copied in from a build stage: most files never need it.
    let installed: Set<string> | undefined;

    const findings: Finding[] = [];
    for (const stageIndex of ancestry(model.stages, final.index)) {
      for (const instr of model.stages[stageIndex].instructions) {
        const from = instr.copy?.fromFlag;
        if (from?.stageIndex === undefined || model.stages[from.stageIndex].inFinalImage) continue;
        installed ??= runtimeInstalled(model, final, index, base.packages ?? []);
        const needs = requiredLibraries(ctx, model.stages[from.stageIndex], instr, index);
        const missing = [...needs.entries()].filter(([lib]) => !installed!.has(lib));
        if (!missing.length) continue;
        const libs = missing.map(([lib]) => lib);
        const related: RelatedLocation[] = missing.flatMap(([, why]) => why);
        findings.push({
          ruleId: 'missing-runtime-library',
          message: `The final image gets files built in ${stageLabel(model.stages[from.stageIndex])} against ${describe(missing)}, but does not install ${libs.map((l) => `\`${l}\``).join(', ')}: the program fails when it loads them (e.g. "${sharedObjectHint(libs[0])}: cannot open shared object file").`,
          range: instr.range,
          severity: sure ? undefined : 'information',
          related: dedupeRelated(related),
          fixes: [
            {
              title: `Install ${libs.join(' ')} in the final stage`,
              edits: [insertRunAfter(model, instr, libs)],
              safety: 'safe',
            },
          ],
          data: { libraries: libs, release: index.header.release },
        });
      }
    }
    return findings;
  },
};

/** Packages the final image has: the base's own list plus everything apt installs in final-image stages, with dependencies. */
function runtimeInstalled(model: ImageModel, final: Stage, index: DebianIndex, basePackages: readonly string[]): Set<string> {
  const installed = new Set(basePackages);
  for (const i of ancestry(model.stages, final.index).reverse()) {
    for (const instr of model.stages[i].instructions) {
      for (const c of instr.run?.commands ?? []) {
        const r = c.recognized;
        if (r?.tool !== 'apt' || r.action !== 'install') continue;
        const names = r.packages.filter((p) => !p.dynamic).map((p) => normalizeRequestedName(p.value));
        const res = resolveAptInstall(index, names, { installRecommends: !r.noInstallRecommends }, installed);
        for (const p of res.added) installed.add(p.name);
        for (const n of names) installed.add(n);
      }
    }
  }
  return installed;
}

/**
 * Runtime libraries the copied files need, each with the lines that explain why: -dev packages
 * the source stage installed (for a Python environment or node_modules built against them),
 * Debian python3-* packages whose modules are copied out of dist-packages, and Python
 * packages known to link a system library when built from source.
 */
function requiredLibraries(ctx: RuleContext, source: Stage, copy: Instruction, index: DebianIndex): Map<string, RelatedLocation[]> {
  const out = new Map<string, RelatedLocation[]>();
  const add = (lib: string, why: RelatedLocation) => out.set(lib, [...(out.get(lib) ?? []), why]);
  const paths = copy.copy!.sources.map((s) => s.value);
  const builtCode = paths.some((p) => PYTHON_PATHS.test(p) || /node_modules/.test(p)) || paths.some((p) => isPythonTarget(ctx.model, source, p));
  const chain = ancestry(ctx.model.stages, source.index).map((i) => ctx.model.stages[i]);
  for (const stage of chain) {
    for (const instr of stage.instructions) {
      for (const c of instr.run?.commands ?? []) {
        const r = c.recognized;
        if (r?.tool === 'apt' && r.action === 'install') {
          for (const p of r.packages) {
            const name = stripVersion(p.value);
            if (builtCode && isDevHeaders(name)) {
              for (const lib of runtimeLibraryFor(index, name)) add(lib, { range: p.range, message: `${stageLabel(stage)} builds against ${name} here` });
            }
            const module = /^python3-(.+)$/.exec(name)?.[1];
            if (module && paths.some((path) => /dist-packages/.test(path) && (path.endsWith('dist-packages') || path.endsWith('dist-packages/') || path.includes(`/${module}`)))) {
              for (const lib of libraryDepends(index, name)) add(lib, { range: p.range, message: `${name} (installed here) links ${lib}` });
            }
          }
        }
        if (builtCode && r?.tool === 'pip' && r.action === 'install' && ctx.facts) {
          for (const name of pipPackages(ctx, r.packages.map((w) => w.value), r.requirementFiles.map((w) => w.value))) {
            for (const lib of ctx.facts.pythonPackage(name)?.runtimeLibraries ?? []) {
              if (index.has(lib)) add(lib, { range: c.range, message: `${name} is built from source here and links ${lib}` });
            }
          }
        }
      }
    }
  }
  return out;
}

/** Shared-library packages a Debian package depends on directly (libpq5 for python3-psycopg2). */
function libraryDepends(index: DebianIndex, name: string): string[] {
  const pkg = index.get(name);
  if (!pkg) return [];
  return pkg.depends.map((g) => g[0]).filter((a) => a && /^lib/.test(a.name) && !/-dev$/.test(a.name) && index.has(a.name)).map((a) => a.name);
}

function isPythonTarget(model: ImageModel, stage: Stage, path: string): boolean {
  return stage.instructions.some((i) =>
    (i.run?.commands ?? []).some((c) => {
      const r = c.recognized;
      if (r?.tool === 'venv' && r.path) return r.path.value === path || path.startsWith(r.path.value);
      if (r?.tool === 'pip') return [r.prefix?.value, r.target?.value].some((t) => t !== undefined && (t === path || path.startsWith(t)));
      return false;
    }),
  );
}

function pipPackages(ctx: RuleContext, direct: readonly string[], files: readonly string[]): string[] {
  const names = direct.filter((d) => /^[A-Za-z0-9]/.test(d)).map((d) => normalizePythonName(d.replace(/[\[=<>~;].*$/, '')));
  for (const f of files) {
    const text = ctx.buildContext?.readText(f) ?? ctx.buildContext?.readText(f.split('/').pop() ?? f);
    if (text) names.push(...parseRequirementsTxt(text, (n) => ctx.buildContext?.readText(n)).map((r) => r.name));
  }
  return [...new Set(names)];
}

/** Right after the COPY that brings the files in, so the library is there whatever runs later. */
function insertRunAfter(model: ImageModel, copy: Instruction, libs: readonly string[]) {
  const line = copy.range.end.line;
  const eol = model.lines.eol;
  const pos = { line, character: model.lines.lineText(line).length };
  return {
    range: { start: pos, end: pos },
    newText: `${eol}RUN apt-get update && apt-get install -y --no-install-recommends ${libs.join(' ')} && rm -rf /var/lib/apt/lists/*`,
  };
}

function describe(missing: ReadonlyArray<[string, RelatedLocation[]]>): string {
  const sources = new Set(missing.flatMap(([, why]) => why.map((w) => /builds against (\S+)/.exec(w.message)?.[1] ?? /^(\S+)/.exec(w.message)?.[1] ?? '')));
  return [...sources].filter(Boolean).map((s) => `\`${s}\``).join(', ') || 'system libraries';
}

/** The usual soname of a library package: libpq5 → libpq.so.5, libxml2 → libxml2.so.2. */
function sharedObjectHint(lib: string): string {
  const m = /^(lib[a-z0-9+]*?[a-z+])-?(\d+(?:\.\d+)?)$/.exec(lib);
  return m ? `${m[1]}.so.${m[2]}` : `${lib}.so`;
}

function dedupeRelated(xs: RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.range.start.line}:${x.range.start.character}:${x.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
