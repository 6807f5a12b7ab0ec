import { slimAlternative } from '../../knowledge/image-variants';
import { formatImageRef } from '../../model/image-ref';
import { commandsOf, inFinalImage, rootStage } from '../../model/queries';
import type { ImageModel } from '../../model/types';
import type { Range } from '../../text/line-index';
import type { Finding, Fix, Rule } from '../types';

export const fullBaseImage: Rule = {
  meta: {
    id: 'full-base-image',
    title: 'Full base image in the final stage',
    description: 'The full official images carry compilers, headers and tools the application does not run with; the -slim tag of the same version and release does not.',
    defaultSeverity: 'warning',
    category: 'size',
    fixable: 'safe',
  },
  check({ model }) {
    const final = model.finalStage;
    if (!final) return [];
    const root = rootStage(model, final);
    if (root.base.kind !== 'image') return [];
    const alt = slimAlternative(root.base.ref);
    if (!alt) return [];
    const current = formatImageRef(root.base.ref);
    const target = formatImageRef({ ...root.base.ref, tag: alt.tag });
    const fixes: Fix[] = [];
    const newText = rewriteImageText(model, root.base.range, root.base.ref.tag, alt.tag);
    if (newText !== undefined) {
      fixes.push({
        title: `Use slim runtime base: ${target}`,
        edits: [{ range: root.base.range, newText }],
        safety: compilesInFinalImage(model) ? 'suggestion' : 'safe',
      });
    }
    const finding: Finding = {
      ruleId: 'full-base-image',
      message: `\`${current}\` is the full image, with compilers, headers and tools the application does not need at run time. \`${target}\` has the same version and Debian release.`,
      range: root.base.range,
      fixes,
      data: { image: current, slim: target },
    };
    return [finding];
  },
};

/**
 * The FROM text may hold ARG references (`python:${PY}-buster`): rewrite only the literal part
 * that changes, so the ARG keeps working. Returns undefined when the text cannot be rewritten safely.
 */
function rewriteImageText(model: ImageModel, range: Range, tag: string | undefined, newTag: string): string | undefined {
  const raw = model.text.slice(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
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

/** Building native code in the final image needs the full image's compilers: then the switch is a suggestion. */
function compilesInFinalImage(model: ImageModel): boolean {
  const installs = (tool: 'pip' | 'poetry' | 'pipenv' | 'uv' | 'node-pm') => commandsOf(model, tool, inFinalImage).length > 0;
  return installs('pip') || installs('poetry') || installs('pipenv') || installs('uv') || installs('node-pm');
}
