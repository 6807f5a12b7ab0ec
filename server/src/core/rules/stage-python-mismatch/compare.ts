import { minorOf, type ImageFacts } from '../../knowledge/python-tags';

/** The Python an environment was built with or will run on, as far as the image tells. */
export interface PythonSide {
  readonly facts: ImageFacts;
  /** `3.12`, `3.12.1`, `3` as the tag writes it, or the distribution's python3; undefined when unknown. */
  readonly version?: string;
  /** Official python image (interpreter in /usr/local) or the distribution's (in /usr). */
  readonly source: 'official' | 'distro' | 'none';
}

export type MismatchKind = 'libc' | 'python-version' | 'interpreter-path' | 'release' | 'python-unpinned' | 'python-unknown';

export interface Mismatch {
  readonly kind: MismatchKind;
  /** Sure enough to warn; otherwise reported at information. */
  readonly sure: boolean;
}

export function side(facts: ImageFacts, installsDistroPython: boolean): PythonSide {
  if (facts.pythonTag) return { facts, version: facts.pythonTag.version, source: 'official' };
  if (facts.shipsDistroPython || installsDistroPython) return { facts, version: facts.distroPython, source: 'distro' };
  return { facts, source: 'none' };
}

/** A tag without a minor version (`latest`, `slim`, `3`) moves with every Python release. */
const floating = (s: PythonSide) => s.source === 'official' && minorOf(s.version) === undefined;

/**
 * The first reason, in order of certainty, why an environment built on `builder` may not run on
 * `runtime`; undefined when they agree or too little is known to say.
 */
export function compareSides(builder: PythonSide, runtime: PythonSide, isVenv: boolean): Mismatch | undefined {
  const b = builder.facts;
  const r = runtime.facts;
  if (b.libc && r.libc && b.libc !== r.libc) return { kind: 'libc', sure: true };
  const version = compareVersions(builder, runtime, isVenv);
  if (version && version.sure) return version;
  const release = compareReleases(b, r);
  if (release) return release;
  return version;
}

function compareVersions(builder: PythonSide, runtime: PythonSide, isVenv: boolean): Mismatch | undefined {
  if (builder.source === 'none') return undefined;
  if (runtime.source === 'none') return { kind: 'python-unknown', sure: false };
  const bMinor = minorOf(builder.version);
  const rMinor = minorOf(runtime.version);
  if (builder.source === 'official' && runtime.source === 'official') {
    // Same spelling: both resolve to the same release at build time, `latest` and `slim` included.
    if (builder.version === runtime.version) return undefined;
    if (floating(builder) || floating(runtime)) return { kind: 'python-unpinned', sure: false };
    return bMinor !== rMinor ? { kind: 'python-version', sure: true } : undefined;
  }
  if (bMinor === undefined || rMinor === undefined) return { kind: builder.source === 'distro' && bMinor === undefined ? 'python-unpinned' : 'python-unknown', sure: false };
  if (bMinor !== rMinor) return { kind: 'python-version', sure: true };
  // One interpreter in /usr/bin, the other in /usr/local/bin: a venv records the builder's.
  if (builder.source !== runtime.source && isVenv) return { kind: 'interpreter-path', sure: true };
  return undefined;
}

/** Both releases written in the tags and different: compiled code may need the newer C library. */
function compareReleases(b: ImageFacts, r: ImageFacts): Mismatch | undefined {
  if (!b.release || !r.release || b.release === r.release) return undefined;
  if (b.glibc !== undefined && r.glibc !== undefined) return { kind: 'release', sure: b.glibc > r.glibc };
  return { kind: 'release', sure: false };
}
