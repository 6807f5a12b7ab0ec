import { imageFacts, minorOf, parsePythonTag } from '../../knowledge/python-tags';
import { rootStage } from '../../model/queries';
import { ancestry } from '../../model/stage-graph';
import type { ImageModel, Instruction, Stage, Word } from '../../model/types';
import { normalizePath } from '../shared/paths';
import { envsCopiedBy, type PythonEnv } from '../shared/python-envs';
import type { Finding, Fix, Rule } from '../types';
import { compareSides, side, type Mismatch, type PythonSide } from './compare';

export const stagePythonMismatch: Rule = {
  meta: {
    id: 'stage-python-mismatch',
    title: 'Python environment built on another Python, C library or release',
    description: 'A venv or site-packages copied from a build stage only works on the same Python version, C library (glibc vs musl) and, for compiled extensions, a release at least as new.',
    defaultSeverity: 'warning',
    category: 'multi-stage',
    fixable: 'suggestion',
  },
  check({ model }) {
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (!stage.inFinalImage) continue;
      for (const instr of stage.instructions) {
        const f = checkCopy(model, stage, instr);
        if (f) findings.push(f);
      }
    }
    return findings;
  },
};

interface Carried {
  readonly what: string;
  readonly source: Word;
  /** Where the environment was created; undefined for a copied site-packages directory. */
  readonly env?: PythonEnv;
  /** The stage whose base image built it. */
  readonly builtIn: Stage;
}

const SITE_PACKAGES = /^\/usr\/local\/lib\/python\d+\.\d+(\/|$)/;

function checkCopy(model: ImageModel, stage: Stage, instr: Instruction): Finding | undefined {
  const from = instr.copy?.fromFlag?.stageIndex;
  if (from === undefined || ancestry(model.stages, stage.index).includes(from)) return undefined;
  const carried = carriedBy(model, instr, from);
  if (!carried) return undefined;
  const builderRoot = rootStage(model, carried.builtIn);
  const runtimeRoot = rootStage(model, stage);
  if (builderRoot.index === runtimeRoot.index || builderRoot.base.kind !== 'image' || runtimeRoot.base.kind !== 'image') return undefined;
  const bFacts = imageFacts(builderRoot.base.ref);
  const rFacts = imageFacts(runtimeRoot.base.ref);
  if (!bFacts || !rFacts) return undefined;
  const builder = side(bFacts, installsDistroPython(model, carried.builtIn));
  const runtime = side(rFacts, installsDistroPython(model, stage));
  const mismatch = compareSides(builder, runtime, carried.env?.kind === 'venv');
  if (!mismatch) return undefined;
  const fix = alignFix(model, builder, runtime, runtimeRoot, mismatch);
  return {
    ruleId: 'stage-python-mismatch',
    message: explain(mismatch, carried, builder, runtime),
    range: carried.source.range,
    severity: mismatch.sure ? undefined : 'information',
    related: [
      ...(carried.env ? [{ range: carried.env.command.range, message: `${carried.what} created here (${carried.env.via})` }] : []),
      { range: builderRoot.base.range, message: `built on ${bFacts.image}` },
      { range: runtimeRoot.base.range, message: `runs on ${rFacts.image}` },
    ],
    fixes: fix ? [fix] : [],
    data: {
      kind: mismatch.kind,
      builderImage: bFacts.image,
      runtimeImage: rFacts.image,
      builderPython: builder.version ?? '',
      runtimePython: runtime.version ?? '',
      builderRelease: bFacts.release ?? '',
      runtimeRelease: rFacts.release ?? '',
    },
  };
}

const WHAT: Record<PythonEnv['kind'], string> = {
  venv: 'virtual environment',
  'user-base': '`pip install --user` tree',
  prefix: '`pip install --prefix` tree',
  target: '`pip install --target` packages',
};

/** The first Python environment the COPY brings along, or a site-packages directory. */
function carriedBy(model: ImageModel, instr: Instruction, from: number): Carried | undefined {
  const copied = envsCopiedBy(model, instr)[0];
  if (copied) {
    const source = instr.copy!.sources.find((s) => normalizePath('/' + s.value) === copied.source) ?? instr.copy!.sources[0];
    return { what: WHAT[copied.env.kind], source, env: copied.env, builtIn: copied.env.stage };
  }
  const site = instr.copy!.sources.find((s) => SITE_PACKAGES.test(normalizePath('/' + s.value)));
  return site ? { what: 'site-packages', source: site, builtIn: model.stages[from] } : undefined;
}

/** `apt-get install python3`, `apk add python3`: the distribution's interpreter, in /usr/bin. */
function installsDistroPython(model: ImageModel, stage: Stage): boolean {
  return ancestry(model.stages, stage.index).some((i) =>
    model.stages[i].instructions.some((instr) =>
      (instr.run?.commands ?? []).some((c) => {
        const r = c.recognized;
        const pkgs = r?.tool === 'apt' && r.action === 'install' ? r.packages : r?.tool === 'apk' && r.action === 'add' ? r.packages : [];
        return pkgs.some((p) => /^python3(\.\d+)?(-venv|-pip|-minimal|-dev)?([=~<>].*)?$/.test(p.value));
      }),
    ),
  );
}

function pythonLabel(s: PythonSide): string {
  if (s.source === 'none') return 'no Python dockerlean can see';
  if (!s.version) return s.source === 'official' ? 'whichever Python the tag points to today' : "the distribution's python3";
  return `Python ${s.version}`;
}

function explain(m: Mismatch, c: Carried, builder: PythonSide, runtime: PythonSide): string {
  const b = builder.facts;
  const r = runtime.facts;
  const head = `The ${c.what} copied here was built on ${b.image}`;
  switch (m.kind) {
    case 'libc':
      return `${head} (${b.libc}) and runs on ${r.image} (${r.libc}): compiled extensions linked against ${b.libc} do not load on ${r.libc}, and the interpreter paths differ.`;
    case 'python-version':
      return `${head} with ${pythonLabel(builder)} and runs on ${r.image} with ${pythonLabel(runtime)}: the runtime's interpreter does not look in lib/python${minorOf(builder.version)}/site-packages, and compiled extensions target the other version.`;
    case 'interpreter-path':
      return builder.source === 'official'
        ? `${head}, whose python lives in /usr/local/bin, and runs on ${r.image} with the distribution's python3 in /usr/bin: the venv's pyvenv.cfg and bin/python point at an interpreter that is not there.`
        : `${head} with the distribution's python3 in /usr/bin and runs on ${r.image}, whose python lives in /usr/local/bin: the venv's pyvenv.cfg and bin/python point at an interpreter that is not there.`;
    case 'release':
      return b.glibc !== undefined && r.glibc !== undefined
        ? `${head} (${b.release}, glibc ${b.glibc}) and runs on ${r.image} (${r.release}, glibc ${r.glibc}): ${m.sure ? 'compiled extensions may need symbols of the newer glibc and' : 'compiled extensions may link against'} shared libraries of ${b.release} the runtime does not have.`
        : `${head} (${b.release}) and runs on ${r.image} (${r.release}): compiled extensions may link against shared libraries the runtime release does not have.`;
    case 'python-unpinned':
      return `${head} with ${pythonLabel(builder)} and runs on ${r.image} with ${pythonLabel(runtime)}: the tags do not pin the same Python version, so they match only by chance.`;
    case 'python-unknown':
      return `${head} with ${pythonLabel(builder)} and runs on ${r.image}, whose Python version dockerlean cannot tell: it must be ${minorOf(builder.version) ?? builder.version ?? 'the same version'} for the ${c.what} to work.`;
  }
}

/**
 * Points the runtime's official python tag at the builder's version and release, keeping its
 * variant (slim stays slim) unless the C library differs, where the variant must follow the builder.
 */
function alignFix(model: ImageModel, builder: PythonSide, runtime: PythonSide, runtimeRoot: Stage, m: Mismatch): Fix | undefined {
  const bTag = builder.facts.pythonTag;
  const rTag = runtime.facts.pythonTag;
  if (!bTag || !rTag || m.kind === 'python-unknown' || runtimeRoot.base.kind !== 'image') return undefined;
  const base = runtimeRoot.base;
  if (base.ref.digest || base.ref.registry) return undefined;
  const raw = model.text.slice(model.lines.offsetAt(base.range.start), model.lines.offsetAt(base.range.end));
  if (raw.includes('$')) return undefined;
  const variant = bTag.variant === 'alpine' ? 'alpine' : rTag.variant === 'alpine' ? 'slim' : rTag.variant;
  const tag = composeTag(bTag.version, variant, bTag.debianRelease, bTag.alpineVersion);
  if (tag === (base.ref.tag ?? 'latest') || !parsePythonTag(tag)) return undefined;
  const colon = raw.lastIndexOf(':');
  const name = colon > raw.lastIndexOf('/') ? raw.slice(0, colon) : raw;
  return {
    title: `Run on python:${tag}, the builder's Python${bTag.debianRelease || bTag.alpineVersion ? ' and release' : ''}`,
    edits: [{ range: base.range, newText: `${name}:${tag}` }],
    safety: 'suggestion',
  };
}

/** `3.12` + slim + bookworm → `3.12-slim-bookworm`; no version + slim → `slim`; alpine → `3.12-alpine3.20`. */
function composeTag(version: string | undefined, variant: 'full' | 'slim' | 'alpine', debian?: string, alpine?: string): string {
  const words: string[] = [];
  if (version) words.push(version);
  if (variant === 'alpine') words.push(`alpine${alpine ?? ''}`);
  else {
    if (variant === 'slim') words.push('slim');
    if (debian) words.push(debian);
  }
  return words.join('-') || 'latest';
}

