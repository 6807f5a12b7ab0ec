import { alpinePythonWheels } from './alpine-python-wheels/rule';
import { aptListsNotRemoved } from './apt-lists-not-removed/rule';
import { buildOnlyToolInFinalImage } from './build-only-tool-in-final-image/rule';
import { cleanupInLaterLayer } from './cleanup-in-later-layer/rule';
import { consecutiveRunLayers } from './consecutive-run-layers/rule';
import { copyBeforeDependencies } from './copy-before-dependencies/rule';
import { deprecatedInstaller } from './deprecated-installer/rule';
import { devDependenciesInFinalImage } from './dev-dependencies-in-final-image/rule';
import { nodeModulesInFinalImage } from './node-modules-in-final-image/rule';
import { packageCacheKept } from './package-cache-kept/rule';
import { recursiveChownLayer } from './recursive-chown-layer/rule';
import { stagePythonMismatch } from './stage-python-mismatch/rule';
import { venvPathMismatch } from './venv-path-mismatch/rule';
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
  stagePythonMismatch,
  venvPathMismatch,
  cleanupInLaterLayer,
  recursiveChownLayer,
  packageCacheKept,
  consecutiveRunLayers,
  copyBeforeDependencies,
  devDependenciesInFinalImage,
  buildOnlyToolInFinalImage,
  nodeModulesInFinalImage,
  alpinePythonWheels,
  deprecatedInstaller,
];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.id === id);
}
