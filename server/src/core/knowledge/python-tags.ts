import type { ImageRef } from '../model/types';

/**
 * What a base image tells about the Python a virtual environment or site-packages built on it
 * needs: the interpreter's version, where it lives, the C library and the distribution release
 * compiled extensions were linked against. Only facts readable from the tag; unknown stays unknown.
 */
export interface PythonTag {
  /** As written: `3.12`, `3.12.1`, `3`, `3.14.0rc1`; undefined for `latest`, `slim`, `bookworm`... */
  readonly version?: string;
  readonly variant: 'full' | 'slim' | 'alpine';
  /** A Debian code name written in the tag. */
  readonly debianRelease?: string;
  /** `3.20` from `alpine3.20`. */
  readonly alpineVersion?: string;
}

export const DEBIAN_CODENAMES = ['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky'] as const;
const VERSION = /^\d+(?:\.\d+){0,2}(?:(?:a|b|rc)\d+)?$/;

/** Official `python` image tags: `3.12.1-slim-bookworm`, `3.11-alpine3.20`, `slim`, `latest`. */
export function parsePythonTag(tag = 'latest'): PythonTag | undefined {
  let version: string | undefined;
  let variant: PythonTag['variant'] = 'full';
  let debianRelease: string | undefined;
  let alpineVersion: string | undefined;
  const words = tag.split('-');
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (i === 0 && VERSION.test(w)) version = w;
    else if (i === 0 && w === 'latest' && words.length === 1) continue;
    else if (w === 'slim') variant = 'slim';
    else if (/^alpine(\d+\.\d+)?$/.test(w)) {
      variant = 'alpine';
      alpineVersion = w.slice('alpine'.length) || undefined;
    } else if ((DEBIAN_CODENAMES as readonly string[]).includes(w)) debianRelease = w;
    // `3.14-rc-slim`: the newest pre-release of that version.
    else if (w === 'rc' && version) continue;
    else return undefined;
  }
  return { version, variant, debianRelease, alpineVersion };
}

/** `3.12.1` → `3.12`; undefined when the minor version is not written. */
export function minorOf(version: string | undefined): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  return m ? `${m[1]}.${m[2]}` : undefined;
}

interface Release {
  readonly distro: 'debian' | 'ubuntu' | 'alpine';
  readonly name: string;
  /** The python3 the distribution packages. */
  readonly python?: string;
  /** glibc version (Debian, Ubuntu): compiled code needs at least the version it was linked with. */
  readonly glibc?: number;
}

const DEBIAN: Record<string, Release> = {
  stretch: { distro: 'debian', name: 'stretch', python: '3.5', glibc: 2.24 },
  buster: { distro: 'debian', name: 'buster', python: '3.7', glibc: 2.28 },
  bullseye: { distro: 'debian', name: 'bullseye', python: '3.9', glibc: 2.31 },
  bookworm: { distro: 'debian', name: 'bookworm', python: '3.11', glibc: 2.36 },
  trixie: { distro: 'debian', name: 'trixie', python: '3.13', glibc: 2.41 },
};
const DEBIAN_NUMBERS: Record<string, string> = { '9': 'stretch', '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie' };
const UBUNTU: Record<string, Release> = {
  focal: { distro: 'ubuntu', name: 'focal', python: '3.8', glibc: 2.31 },
  jammy: { distro: 'ubuntu', name: 'jammy', python: '3.10', glibc: 2.35 },
  noble: { distro: 'ubuntu', name: 'noble', python: '3.12', glibc: 2.39 },
};
const UBUNTU_NUMBERS: Record<string, string> = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble' };
const ALPINE_PYTHON: Record<string, string> = {
  '3.15': '3.9', '3.16': '3.10', '3.17': '3.10', '3.18': '3.11', '3.19': '3.11', '3.20': '3.12', '3.21': '3.12', '3.22': '3.12',
};

export interface ImageFacts {
  readonly image: string;
  readonly libc?: 'glibc' | 'musl';
  readonly distro?: 'debian' | 'ubuntu' | 'alpine';
  /** Debian/Ubuntu code name or Alpine version, when the tag names it. */
  readonly release?: string;
  readonly glibc?: number;
  /** Official python image: its tag, which says where the interpreter is (/usr/local). */
  readonly pythonTag?: PythonTag;
  /** The python3 the distribution packages (what `apt-get install python3` gives), when the release is known. */
  readonly distroPython?: string;
  /** The image ships that python3 itself (distroless python3); plain distribution images do not. */
  readonly shipsDistroPython?: boolean;
}

/** Facts about an image from its reference; undefined for images this module knows nothing about. */
export function imageFacts(ref: ImageRef): ImageFacts | undefined {
  const image = `${ref.registry ? ref.registry + '/' : ''}${ref.repository}${ref.tag ? ':' + ref.tag : ''}`;
  const tag = ref.tag ?? 'latest';
  if (!ref.registry && ref.repository === 'python') {
    const t = parsePythonTag(tag);
    if (!t) return undefined;
    if (t.variant === 'alpine') return { image, libc: 'musl', distro: 'alpine', release: t.alpineVersion, pythonTag: t };
    const rel = t.debianRelease ? DEBIAN[t.debianRelease] : undefined;
    return { image, libc: 'glibc', distro: 'debian', release: t.debianRelease, glibc: rel?.glibc, pythonTag: t };
  }
  if (!ref.registry && ref.repository === 'debian') {
    const word = tag.split('-')[0];
    const name = DEBIAN[word] ? word : DEBIAN_NUMBERS[word.split('.')[0]];
    const rel = name ? DEBIAN[name] : undefined;
    return { image, libc: 'glibc', distro: 'debian', release: rel?.name, glibc: rel?.glibc, distroPython: rel?.python };
  }
  if (!ref.registry && ref.repository === 'ubuntu') {
    const word = tag.split('-')[0];
    const name = UBUNTU[word] ? word : UBUNTU_NUMBERS[word];
    const rel = name ? UBUNTU[name] : undefined;
    return { image, libc: 'glibc', distro: 'ubuntu', release: rel?.name, glibc: rel?.glibc, distroPython: rel?.python };
  }
  if (!ref.registry && ref.repository === 'alpine') {
    const v = /^(\d+\.\d+)(\.\d+)?$/.exec(tag)?.[1];
    return { image, libc: 'musl', distro: 'alpine', release: v, distroPython: v ? ALPINE_PYTHON[v] : undefined };
  }
  // gcr.io/distroless/python3-debian12: Debian's python3 on a Debian release.
  const distroless = ref.registry === 'gcr.io' ? /^distroless\/(python3|cc|base|base-nossl|static)-debian(\d+)$/.exec(ref.repository) : null;
  if (distroless) {
    const rel = DEBIAN[DEBIAN_NUMBERS[distroless[2]] ?? ''];
    return { image, libc: 'glibc', distro: 'debian', release: rel?.name, glibc: rel?.glibc, distroPython: rel?.python, shipsDistroPython: distroless[1] === 'python3' };
  }
  return undefined;
}

