import { aptListsNotRemoved } from './apt-lists-not-removed/rule';
import { aptNoInstallRecommends } from './apt-no-install-recommends/rule';
import { buildToolsInFinalImage } from './build-tools-in-final-image/rule';
import { finalStageInheritsBuildStage } from './final-stage-inherits-build-stage/rule';
import { fullBaseImage } from './full-base-image/rule';
import { missingRuntimeLibrary } from './missing-runtime-library/rule';
import type { Rule } from './types';
import { venvWithoutCopies } from './venv-without-copies/rule';

/** Every rule dockerlean ships. Ids are part of the CLI's JSON contract: add, never rename. */
export const ALL_RULES: readonly Rule[] = [
  buildToolsInFinalImage,
  fullBaseImage,
  venvWithoutCopies,
  aptNoInstallRecommends,
  aptListsNotRemoved,
  finalStageInheritsBuildStage,
  missingRuntimeLibrary,
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
