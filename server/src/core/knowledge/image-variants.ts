import type { ImageRef } from '../model/types';

/** Debian and Ubuntu release code names that official images use as tag variants. */
export const DEBIAN_RELEASES = ['stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky'] as const;
const DEBIAN_RE = DEBIAN_RELEASES.join('|');

export interface SlimAlternative {
  /** The tag to use instead, keeping the language version and the Debian release. */
  readonly tag: string;
  readonly variant: 'slim';
}

/**
 * For an official image on its full Debian variant, the `-slim` tag of the same version and
 * release. Returns undefined when the tag is already slim/alpine, or when the image family
 * has no slim variant we know of.
 */
export function slimAlternative(ref: ImageRef): SlimAlternative | undefined {
  if (ref.registry || ref.digest) return undefined;
  const tag = ref.tag ?? 'latest';
  if (/(^|-)(slim|alpine|windowsservercore|nanoserver)/.test(tag)) return undefined;
  switch (ref.repository) {
    case 'python':
      return pythonStyle(tag);
    case 'node':
      return nodeStyle(tag);
    case 'debian':
      return debianStyle(tag);
    default:
      return undefined;
  }
}

/** python: `3.8.6-buster` → `3.8.6-slim-buster`, `3.12` → `3.12-slim`, `latest` → `slim`, `bookworm` → `slim-bookworm`. */
function pythonStyle(tag: string): SlimAlternative | undefined {
  if (tag === 'latest') return { tag: 'slim', variant: 'slim' };
  if (new RegExp(`^(${DEBIAN_RE})$`).test(tag)) return { tag: `slim-${tag}`, variant: 'slim' };
  const m = new RegExp(`^(\\d+(?:\\.\\d+){0,2}(?:(?:a|b|rc)\\d+)?)(?:-(${DEBIAN_RE}))?$`).exec(tag);
  if (!m) return undefined;
  return { tag: m[2] ? `${m[1]}-slim-${m[2]}` : `${m[1]}-slim`, variant: 'slim' };
}

/** node puts the release first: `18-bookworm` → `18-bookworm-slim`, `20` → `20-slim`, `lts` → `lts-slim`. */
function nodeStyle(tag: string): SlimAlternative | undefined {
  if (tag === 'latest') return { tag: 'slim', variant: 'slim' };
  const m = new RegExp(`^(\\d+(?:\\.\\d+){0,2}|lts|current|[a-z]+)(?:-(${DEBIAN_RE}))?$`).exec(tag);
  if (!m) return undefined;
  if (new RegExp(`^(${DEBIAN_RE})$`).test(m[1])) return { tag: `${m[1]}-slim`, variant: 'slim' };
  return { tag: m[2] ? `${m[1]}-${m[2]}-slim` : `${m[1]}-slim`, variant: 'slim' };
}

/** debian: `bookworm` → `bookworm-slim`, `12` → `12-slim`, `latest` → `stable-slim`. */
function debianStyle(tag: string): SlimAlternative | undefined {
  if (tag === 'latest') return { tag: 'stable-slim', variant: 'slim' };
  if (new RegExp(`^(${DEBIAN_RE}|stable|oldstable|testing|\\d+(\\.\\d+)?)$`).test(tag)) return { tag: `${tag}-slim`, variant: 'slim' };
  return undefined;
}

/**
 * The FROM text may hold ARG references (`python:${PY}-buster`): rewrite only the literal part
 * that changes, so the ARG keeps working. Returns undefined when the text cannot be rewritten safely.
 */
export function rewriteImageTag(raw: string, tag: string | undefined, newTag: string): string | undefined {
  const colon = raw.lastIndexOf(':');
  const slash = raw.lastIndexOf('/');
  if (colon < 0 || colon < slash) return `${raw}:${newTag}`;
  const rawTag = raw.slice(colon + 1);
  if (rawTag === (tag ?? '')) return raw.slice(0, colon + 1) + newTag;
  // `${PY}-buster` → `${PY}-slim-buster`; `${NODE}-bookworm` → `${NODE}-bookworm-slim`.
  if (tag) {
    const variantAt = tag.search(/-[a-z]+$/);
    const version = variantAt >= 0 ? tag.slice(0, variantAt) : tag;
    const suffixOld = tag.slice(version.length);
    if (!newTag.startsWith(version)) return undefined;
    const suffixNew = newTag.slice(version.length);
    if (suffixOld && rawTag.endsWith(suffixOld)) return raw.slice(0, raw.length - suffixOld.length) + suffixNew;
    if (!suffixOld && /\}$/.test(rawTag)) return raw + suffixNew;
  }
  return undefined;
}

