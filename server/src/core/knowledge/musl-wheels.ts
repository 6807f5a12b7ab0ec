import { requirementName } from './requirement-names';

/**
 * Python packages that pip often has to compile on Alpine (musl libc), where manylinux wheels
 * do not apply. Kept small on purpose: a name here makes the rule report at information level.
 *
 * - `source`: no musllinux wheels published (as of 2024; psycopg2, mysqlclient, uwsgi and
 *   python-ldap ship only a source distribution for Linux): always compiled, needs a compiler
 *   and the library's -dev package.
 * - `recent`: musllinux wheels exist only for recent releases and common architectures; older
 *   pins (and e.g. arm/v7) compile, some for many minutes.
 */
export type MuslWheelStatus = 'source' | 'recent';

const PACKAGES: ReadonlyMap<string, MuslWheelStatus> = new Map<string, MuslWheelStatus>([
  ['psycopg2', 'source'],
  ['mysqlclient', 'source'],
  ['uwsgi', 'source'],
  ['python-ldap', 'source'],
  ['pyarrow', 'source'],
  ['h5py', 'source'],
  ['numpy', 'recent'],
  ['pandas', 'recent'],
  ['scipy', 'recent'],
  ['scikit-learn', 'recent'],
  ['matplotlib', 'recent'],
  ['cryptography', 'recent'],
  ['lxml', 'recent'],
  ['pillow', 'recent'],
  ['grpcio', 'recent'],
  ['gevent', 'recent'],
]);

export function muslWheelStatus(spec: string): MuslWheelStatus | undefined {
  return PACKAGES.get(requirementName(spec));
}
