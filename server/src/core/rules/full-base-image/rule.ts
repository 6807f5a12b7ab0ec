import { rewriteImageTag, slimAlternative } from '../../knowledge/image-variants';
import { formatImageRef } from '../../model/image-ref';
import { commandsOf, inFinalImage, rootStage } from '../../model/queries';
import type { ImageModel } from '../../model/types';
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
    const newText = rewriteImageTag(model.text.slice(model.lines.offsetAt(root.base.range.start), model.lines.offsetAt(root.base.range.end)), root.base.ref.tag, alt.tag);
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

/** Building native code in the final image needs the full image's compilers: then the switch is a suggestion. */
function compilesInFinalImage(model: ImageModel): boolean {
  const installs = (tool: 'pip' | 'poetry' | 'pipenv' | 'uv' | 'node-pm') => commandsOf(model, tool, inFinalImage).length > 0;
  return installs('pip') || installs('poetry') || installs('pipenv') || installs('uv') || installs('node-pm');
}
