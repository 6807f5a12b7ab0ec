import type { BuildContextView } from '../estimate/build-context';
import type { ImageEstimate, SizeFacts } from '../estimate/types';
import type { ImageModel } from '../model/types';
import type { Range } from '../text/line-index';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /**
   * `safe`: keeps the image's behaviour and may run unattended (`dockerlean fix`, "fix all").
   * `suggestion`: changes behaviour or needs a human look; offered, never applied in bulk.
   */
  readonly safety: 'safe' | 'suggestion';
  readonly kind?: 'quickfix' | 'refactor.rewrite';
}

export interface RelatedLocation {
  readonly range: Range;
  readonly message: string;
}

export interface Finding {
  readonly ruleId: string;
  readonly message: string;
  readonly range: Range;
  /** Overrides the rule's default severity when the rule itself is less sure (e.g. information). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
  /** Structured facts behind the message, so tests and JSON consumers need not parse prose. */
  readonly data?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  /** One sentence on why it matters; the docs page has the rest. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  readonly category: 'size' | 'multi-stage' | 'correctness' | 'cache';
  readonly fixable: 'safe' | 'suggestion' | 'none';
  /** hadolint rules this one corresponds to: their `# hadolint ignore=` pragmas silence it too. */
  readonly hadolint?: readonly string[];
}

/** What a rule may read besides the model. Everything but the model is optional: rules degrade gracefully. */
export interface RuleContext {
  readonly model: ImageModel;
  /** Size and package data; absent when it could not be loaded. */
  readonly facts?: SizeFacts;
  /** The build context on disk (read-only); absent for unsaved files. */
  readonly buildContext?: BuildContextView;
  /** The image's size estimate, computed on first call and shared by all rules. */
  estimate(): ImageEstimate | undefined;
  /** Today's date (YYYY-MM-DD), passed in so end-of-life checks are deterministic in tests. */
  readonly today: string;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): Finding[];
}
