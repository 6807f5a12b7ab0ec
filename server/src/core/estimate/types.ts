import type { BaseImageTable } from '../size/base-images';
import type { DebianIndex } from '../size/debian-index';

/** A size with its uncertainty: low ≤ bytes ≤ high, all in bytes as `docker images` counts them (unpacked). */
export interface SizeRange {
  readonly bytes: number;
  readonly low: number;
  readonly high: number;
}

/** How a figure was obtained, so every number shown can say where it comes from. */
export type Basis = 'measured' | 'data' | 'estimate';

export interface LayerItem extends SizeRange {
  readonly name: string;
  readonly basis: Basis;
  readonly source: string;
}

export interface LayerEstimate extends SizeRange {
  readonly instructionIndex: number;
  /** 1-based line of the instruction. */
  readonly line: number;
  readonly instruction: string;
  readonly stageIndex: number;
  readonly inFinalImage: boolean;
  /** Biggest contributors first. */
  readonly items: readonly LayerItem[];
  readonly notes: readonly string[];
}

export interface BaseEstimate extends SizeRange {
  readonly image: string;
  readonly known: boolean;
  readonly basis: Basis;
  readonly source: string;
  readonly os?: string;
  readonly release?: string;
  readonly variant?: string;
  readonly eol?: { readonly os?: { readonly date: string; readonly what: string }; readonly app?: { readonly date: string; readonly what: string } };
  readonly slimAlternative?: { readonly image: string } & SizeRange;
  readonly note?: string;
}

export interface StageEstimate extends SizeRange {
  readonly index: number;
  readonly name?: string;
  readonly role: string;
  /** The image the stage's chain starts from. */
  readonly base?: BaseEstimate;
  /** The stage's own layers, without its base or parent stages. */
  readonly ownLayers: SizeRange;
}

export interface ImageEstimate extends SizeRange {
  readonly finalStage?: number;
  readonly base?: BaseEstimate;
  /** Every instruction of every stage; `inFinalImage` tells which count in the total. */
  readonly layers: readonly LayerEstimate[];
  readonly stages: readonly StageEstimate[];
  /** Assumptions and data sources behind the figures, in words. */
  readonly assumptions: readonly string[];
}

/** An installed Python distribution's size, from the shipped table or a local virtualenv. */
export interface PythonPackageSize {
  readonly name: string;
  readonly installed: SizeRange;
  /** The download (wheel) size, which is also what pip's cache keeps. */
  readonly wheelBytes?: number;
  readonly basis: Basis;
  readonly source: string;
  /** Debian runtime libraries the package links when built from source (psycopg2 → libpq5). */
  readonly runtimeLibraries?: readonly string[];
}

export interface AlpinePackageSize {
  readonly name: string;
  /** What `apk add <name>` adds on a bare Alpine, dependencies included where the source says so. */
  readonly installed: SizeRange;
  readonly basis: Basis;
  readonly source: string;
}

/** How Installed-Size maps to bytes on disk for a base (slim images drop docs, man pages, locales). */
export interface AptCorrection {
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  readonly source: string;
  /** What `apt-get update` leaves in /var/lib/apt/lists for this release. */
  readonly lists?: SizeRange & { readonly source: string };
}

/** The data the estimate reads; the Node side provides it lazily. Every lookup may come back empty. */
export interface SizeFacts {
  debian(release: string): DebianIndex | undefined;
  baseImages(): BaseImageTable | undefined;
  pythonPackage(name: string): PythonPackageSize | undefined;
  alpinePackage(name: string): AlpinePackageSize | undefined;
  /**
   * `kind` splits the measured factors: Python packages write .pyc files at install time that
   * Installed-Size leaves out; everything else lands close to Installed-Size.
   */
  aptCorrection(release: string, slim: boolean, kind?: 'python' | 'other'): AptCorrection | undefined;
}

export interface EstimateOptions {
  /** Sizes users give for their own (private) base images, by reference as written in FROM. */
  readonly customBaseSizes?: Readonly<Record<string, number>>;
}
