import { isBuildTool, stripVersion } from '../../knowledge/build-tools';
import { muslWheelStatus } from '../../knowledge/musl-wheels';
import { requirementName } from '../../knowledge/requirement-names';
import { imageFacts, parsePythonTag } from '../../knowledge/python-tags';
import { formatImageRef } from '../../model/image-ref';
import { rootStage } from '../../model/queries';
import type { ImageModel, Stage } from '../../model/types';
import type { Range } from '../../text/line-index';
import { commandsIn, finalImageStages, type CommandAt } from '../shared/image-chain';
import { codeList, textOf } from '../shared/format';
import type { Fix, RelatedLocation, Rule } from '../types';

interface AlpinePython {
  readonly root: Stage;
  readonly image: string;
  /** The slim Debian image with the same Python version, when the tag tells it. */
  readonly slim?: string;
  /** The base is the official python image: its tag can be swapped in place. */
  readonly official: boolean;
}

export const alpinePythonWheels: Rule = {
  meta: {
    id: 'alpine-python-wheels',
    title: 'Python packages compiled on Alpine',
    description: 'On Alpine (musl libc) pip cannot use manylinux wheels, so packages without a musllinux wheel are compiled during the build, which is slow and pulls compilers in; the slim Debian image installs prebuilt wheels.',
    defaultSeverity: 'information',
    category: 'size',
    fixable: 'suggestion',
  },
  check({ model }) {
    const stages = finalImageStages(model);
    const commands = commandsIn(stages);
    const alpine = alpinePython(model, commands);
    if (!alpine) return [];
    const buildDeps = commands.flatMap((c) =>
      c.command.recognized?.tool === 'apk' && c.command.recognized.action === 'add' ? c.command.recognized.packages.filter((p) => !p.dynamic && isBuildTool(p.value)).map((p) => ({ site: c, name: stripVersion(p.value) })) : [],
    );
    const installs = commands.filter(isPipInstall);
    const known = installs.flatMap((c) => packagesOf(c).filter((p) => muslWheelStatus(p) !== undefined).map((p) => requirementName(p)));
    const first = installs.find((c) => packagesOf(c).some((p) => muslWheelStatus(p) !== undefined)) ?? (buildDeps.length ? installs[0] : undefined);
    if (!first) return [];
    const related: RelatedLocation[] = [
      { range: alpine.root.base.range, message: `${alpine.image} uses musl libc: manylinux wheels do not install here` },
      ...dedupeSites(buildDeps.map((b) => b.site)).map((s) => ({ range: s.command.range, message: 'compilers and headers installed to build packages from source' })),
      ...installs.filter((c) => c !== first).map((c) => ({ range: c.command.range, message: 'also installs Python packages on Alpine' })),
    ];
    const slim = alpine.slim ?? 'python:<version>-slim';
    const names = [...new Set(known)];
    const depNames = [...new Set(buildDeps.map((b) => b.name))];
    const why = names.length
      ? `${codeList(names)} ${names.length === 1 ? 'has' : 'have'} no musllinux wheel${names.every((n) => muslWheelStatus(n) === 'source') ? '' : ' for many versions'}`
      : `${codeList(depNames)} ${depNames.length === 1 ? 'is' : 'are'} installed to compile packages`;
    const fix = slimFix(model, alpine, commands);
    return [
      {
        ruleId: 'alpine-python-wheels',
        message: `Python on Alpine: ${why}, so pip builds them from source here (slow, and the toolchain or its leftovers grow the image). \`${slim}\` (Debian, glibc) installs the prebuilt manylinux wheels instead and is usually smaller once compiled packages are counted.`,
        range: first.command.range,
        related,
        fixes: fix ? [fix] : [],
        data: { image: alpine.image, slim: slim, packages: names, buildDeps: depNames },
      },
    ];
  },
};

function alpinePython(model: ImageModel, commands: readonly CommandAt[]): AlpinePython | undefined {
  if (!model.finalStage) return undefined;
  const root = rootStage(model, model.finalStage);
  if (root.base.kind !== 'image') return undefined;
  const ref = root.base.ref;
  const image = formatImageRef(ref);
  if (ref.repository === 'python' && !ref.registry) {
    const tag = parsePythonTag(ref.tag);
    if (tag?.variant !== 'alpine') return undefined;
    const rc = /-rc-/.test(ref.tag ?? '') ? '-rc' : '';
    return { root, image, slim: `python:${tag.version ? `${tag.version}${rc}-slim` : 'slim'}`, official: !ref.digest };
  }
  const facts = imageFacts(ref);
  const isAlpine = facts?.distro === 'alpine' || /(^|\/)alpine$/.test(ref.repository) || /(^|-)alpine/.test(ref.tag ?? '');
  const addsPython = commands.some((c) => c.command.recognized?.tool === 'apk' && c.command.recognized.action === 'add' && c.command.recognized.packages.some((p) => /^python3?(-dev)?$/.test(stripVersion(p.value))));
  if (!isAlpine || !addsPython) return undefined;
  const version = facts?.distroPython;
  return { root, image: `${image} with apk's python3`, slim: version ? `python:${version}-slim` : undefined, official: false };
}

function isPipInstall(c: CommandAt): boolean {
  const r = c.command.recognized;
  if (r?.tool === 'pip') return r.action === 'install' && (r.packages.length > 0 || r.requirementFiles.length > 0);
  if (r?.tool === 'uv') return r.action === 'pip-install' && (r.packages.length > 0 || r.requirementFiles.length > 0);
  return false;
}

function packagesOf(c: CommandAt): string[] {
  const r = c.command.recognized;
  return r?.tool === 'pip' || r?.tool === 'uv' ? r.packages.filter((p) => !p.dynamic).map((p) => p.value) : [];
}

function dedupeSites(sites: readonly CommandAt[]): CommandAt[] {
  return sites.filter((s, i) => sites.indexOf(s) === i);
}

/**
 * Only the official image's tag is swapped, and only when nothing else in the image is
 * Alpine-specific: `apk`, BusyBox `adduser -D`/`addgroup` would fail on Debian.
 */
function slimFix(model: ImageModel, alpine: AlpinePython, commands: readonly CommandAt[]): Fix | undefined {
  if (!alpine.slim || !alpine.official) return undefined;
  const alpineOnly = commands.some((c) => c.command.recognized?.tool === 'apk' || /(^|\/)(apk|addgroup|adduser)$/.test(c.command.name.value));
  if (alpineOnly) return undefined;
  const range: Range = alpine.root.base.range;
  const raw = textOf(model, range);
  if (raw.includes('$')) return undefined;
  const colon = raw.lastIndexOf(':');
  const newText = colon > raw.lastIndexOf('/') ? `${raw.slice(0, colon)}:${alpine.slim.slice('python:'.length)}` : undefined;
  if (!newText) return undefined;
  return { title: `Use the slim Debian image: ${alpine.slim}`, edits: [{ range, newText }], safety: 'suggestion' };
}
