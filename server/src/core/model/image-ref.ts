import type { ImageRef } from './types';

/** Splits `[registry/]repository[:tag][@digest]`, folding Docker Hub's `library/` namespace away. */
export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (!text || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const head = rest.slice(0, firstSlash);
    // A first component with a dot, a port or `localhost` is a registry host, as Docker decides it.
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      rest = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'docker.io' || registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = undefined;
  let repository = rest.toLowerCase() === rest ? rest : rest;
  if (!registry && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  if (!repository) return undefined;
  return { raw: text, registry, repository, tag: tag || undefined, digest };
}

export function formatImageRef(ref: Pick<ImageRef, 'registry' | 'repository' | 'tag' | 'digest'>): string {
  return `${ref.registry ? ref.registry + '/' : ''}${ref.repository}${ref.tag ? ':' + ref.tag : ''}${ref.digest ? '@' + ref.digest : ''}`;
}
