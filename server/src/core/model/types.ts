import type { Range } from '../text/line-index';
import type { LineIndex } from '../text/line-index';
import type { RecognizedCommand } from '../shell/recognized';

/** An image reference split the way registries and the size tables need it. */
export interface ImageRef {
  readonly raw: string;
  /** Registry host when one is given (`ghcr.io`); undefined for Docker Hub. */
  readonly registry?: string;
  /** Repository without the Docker Hub `library/` prefix: `python`, `bitnami/python`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export type StageBase =
  | { readonly kind: 'image'; readonly ref: ImageRef; readonly range: Range; readonly unresolved: readonly string[] }
  | { readonly kind: 'stage'; readonly stageIndex: number; readonly range: Range }
  | { readonly kind: 'scratch'; readonly range: Range }
  | { readonly kind: 'unknown'; readonly text: string; readonly range: Range; readonly unresolved: readonly string[] };

/** Why a stage is built and whether its layers end up in the final image. */
export type StageRole = 'final' | 'ancestor' | 'copy-source' | 'unused';

export interface Stage {
  readonly index: number;
  readonly name?: string;
  readonly nameRange?: Range;
  readonly range: Range;
  readonly from: Instruction;
  readonly base: StageBase;
  readonly platform?: string;
  readonly instructions: readonly Instruction[];
  role: StageRole;
  /** Final stage or an ancestor of it through `FROM <stage>`: its layers are in the final image. */
  inFinalImage: boolean;
  /** Stages this one reads from with `COPY --from` or `RUN --mount=from=`. */
  readonly copiesFrom: number[];
}

export interface BuildState {
  readonly env: ReadonlyMap<string, string>;
  readonly args: ReadonlyMap<string, string | undefined>;
  readonly workdir: string;
  readonly user: string;
  readonly shell: readonly string[];
}

export interface InstructionFlag {
  readonly name: string;
  readonly value?: string;
  readonly range: Range;
  readonly valueRange?: Range;
}

export interface Word {
  readonly value: string;
  readonly range: Range;
  /** Could not be fully resolved statically. */
  readonly dynamic?: boolean;
}

export interface ShellCommand {
  readonly name: Word;
  readonly args: readonly Word[];
  readonly range: Range;
  /** Offsets in the document, for building edits. */
  readonly start: number;
  readonly end: number;
  /** Position of this command within its RUN, counting from 0. */
  readonly ordinal: number;
  readonly recognized?: RecognizedCommand;
  /** Environment assignments written inline before the command. */
  readonly assignments: ReadonlyMap<string, string>;
}

export interface Mount {
  readonly type: string;
  readonly target?: string;
  readonly from?: string;
  readonly fromStage?: number;
  readonly source?: string;
  readonly range: Range;
}

export interface RunDetails {
  readonly form: 'shell' | 'exec' | 'heredoc';
  readonly mounts: readonly Mount[];
  readonly commands: readonly ShellCommand[];
  /** The script as the shell sees it (continuations joined). */
  readonly script: string;
  /** The shell parser reported syntax errors; commands found are still reported. */
  readonly hasSyntaxErrors: boolean;
  /** Where the script begins in the document (after the flags). */
  readonly scriptRange: Range;
}

export interface CopyDetails {
  readonly fromFlag?: { readonly value: string; readonly range: Range; readonly stageIndex?: number; readonly image?: ImageRef };
  readonly sources: readonly Word[];
  readonly destination?: Word;
  readonly chown?: string;
  readonly chmod?: string;
  readonly isHeredoc: boolean;
  /** ADD only: a source that is a URL or git repository. */
  readonly remote: boolean;
}

export interface KeyValue {
  readonly name: string;
  readonly value?: string;
  readonly range: Range;
}

export interface Instruction {
  /** Index among all instructions of the file. */
  readonly index: number;
  readonly keyword: string;
  readonly range: Range;
  readonly keywordRange: Range;
  /** Range of everything after the keyword (flags included). */
  readonly argumentsRange?: Range;
  readonly stageIndex: number;
  readonly flags: readonly InstructionFlag[];
  readonly state: BuildState;
  readonly run?: RunDetails;
  readonly copy?: CopyDetails;
  readonly properties?: readonly KeyValue[];
  /** Plain arguments as dockerfile-ast splits them, for instructions without richer details. */
  readonly args: readonly Word[];
}

export interface Comment {
  readonly text: string;
  readonly range: Range;
}

export interface ModelProblem {
  readonly message: string;
  readonly range: Range;
  readonly severity: 'error' | 'warning' | 'information';
}

export interface ImageModel {
  readonly text: string;
  readonly lines: LineIndex;
  readonly escapeChar: string;
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
  readonly comments: readonly Comment[];
  /** The stage the image is built from: the target, or the last stage. */
  readonly finalStage?: Stage;
  readonly target: { readonly name?: string; readonly source: 'last-stage' | 'option' | 'pragma' };
  readonly problems: readonly ModelProblem[];
}

export interface ModelOptions {
  /** Build target (`docker build --target`). */
  readonly target?: string;
  /** Values for `--build-arg`. */
  readonly buildArgs?: ReadonlyMap<string, string>;
}
