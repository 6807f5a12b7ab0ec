// Which shipped package index answers for a Debian release named in a Dockerfile.

/** Releases with a package index under server/data/debian/. */
export const DEBIAN_DATA_RELEASES = ['bullseye', 'bookworm', 'trixie'] as const;
export type DebianDataRelease = (typeof DEBIAN_DATA_RELEASES)[number];

export interface DebianReleaseChoice {
  readonly release: DebianDataRelease;
  /** The release that was asked for, when another one's data answers for it. */
  readonly fallbackFrom?: string;
  readonly note?: string;
}

const NUMBERED: Record<string, string> = { '9': 'stretch', '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie', '14': 'forky' };

// Suite aliases as of the data's date (2026): trixie is stable since 2025-08-09.
const SUITES: Record<string, string> = { stable: 'trixie', oldstable: 'bookworm', oldoldstable: 'bullseye', testing: 'forky', unstable: 'sid' };

/**
 * Maps a codename, suite alias or version number ("12", "12.5") to the index to use.
 * buster (and older) is archived — its Packages index is no longer on the Debian mirrors —
 * so bullseye answers for it; testing/unstable use trixie. Both cases say so in `note`.
 * Returns undefined for names that are not Debian releases (e.g. Ubuntu codenames).
 */
export function debianDataRelease(name: string): DebianReleaseChoice | undefined {
  const raw = name.trim().toLowerCase();
  const major = /^(\d+)(?:\.\d+)*$/.exec(raw)?.[1];
  const codename = (major ? NUMBERED[major] : undefined) ?? SUITES[raw] ?? raw;
  if ((DEBIAN_DATA_RELEASES as readonly string[]).includes(codename)) return { release: codename as DebianDataRelease };
  if (['buster', 'stretch', 'jessie'].includes(codename)) {
    return {
      release: 'bullseye',
      fallbackFrom: codename,
      note: `${codename} is archived (no package index on the Debian mirrors); sizes use bullseye's index, the closest release with data`,
    };
  }
  if (['forky', 'sid'].includes(codename)) {
    return { release: 'trixie', fallbackFrom: codename, note: `${codename} has no shipped index; sizes use trixie's` };
  }
  return undefined;
}
