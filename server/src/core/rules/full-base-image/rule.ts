import { rewriteImageTag, slimAlternative } from '../../knowledge/image-variants';
import { formatImageRef } from '../../model/image-ref';
import { commandsOf, inFinalImage, rootStage } from '../../model/queries';
import type { ImageModel } from '../../model/types';
import { approx, estimateOf, sizeData } from '../shared/size-quote';
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
  check(ctx) {
    const { model } = ctx;
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
    // The estimate's base for the stage the final image starts from, with the slim tag's size.
    const est = estimateOf(ctx);
    const base = est ? (est.stages.find((s) => s.index === root.index)?.base ?? est.base) : undefined;
    const slim = base?.known ? base.slimAlternative : undefined;
    const cost = base && slim && base.bytes > 0 ? `: ${approx(base)} vs ${approx(slim).slice(2)}` : '';
    const finding: Finding = {
      ruleId: 'full-base-image',
      message: `\`${current}\` is the full image, with compilers, headers and tools the application does not need at run time. \`${target}\` has the same version and Debian release${cost}.`,
      range: root.base.range,
      fixes,
      data: {
        image: current,
        slim: target,
        ...(cost && base && slim
          ? { ...sizeData(base), ...sizeData(slim, 'slimBytes'), savedBytes: Math.max(0, Math.round(base.bytes - slim.bytes)) }
          : {}),
      },
    };
    return [finding];
  },
};

/** Building native code in the final image needs the full image's compilers: then the switch is a suggestion. */
function compilesInFinalImage(model: ImageModel): boolean {
  const installs = (tool: 'pip' | 'poetry' | 'pipenv' | 'uv' | 'node-pm') => commandsOf(model, tool, inFinalImage).length > 0;
  return installs('pip') || installs('poetry') || installs('pipenv') || installs('uv') || installs('node-pm');
}
