/**
 * Packages that are only needed to build software: compilers, headers, build systems, VCS.
 * Names are Debian's, Alpine's and Fedora's. `-dev`/`-devel` packages are matched by suffix.
 */
const EXACT = new Set([
  'build-essential', 'gcc', 'g++', 'cpp', 'make', 'cmake', 'clang', 'llvm', 'autoconf', 'automake', 'libtool',
  'pkg-config', 'pkgconf', 'pkgconfig', 'bison', 'flex', 'gfortran', 'rustc', 'cargo', 'golang', 'golang-go',
  'git', 'mercurial', 'subversion', 'build-base', 'alpine-sdk', 'musl-dev', 'linux-headers', 'ninja-build',
  'meson', 'patch', 'dpkg-dev', 'binutils', 'gcc-c++', 'python3-dev', 'python-dev', 'swig',
]);

export function isBuildTool(pkg: string): boolean {
  const name = stripVersion(pkg);
  if (EXACT.has(name)) return true;
  if (/^(gcc|g\+\+|cpp|clang|llvm)-\d+$/.test(name)) return true;
  return /-(dev|devel)$/.test(name);
}

export function isDevHeaders(pkg: string): boolean {
  return /-(dev|devel)$/.test(stripVersion(pkg));
}

/** `libpq-dev=15.3-0+deb12u1`, `gcc~12`, `python3=3.11*` → the package name. */
export function stripVersion(pkg: string): string {
  return pkg.replace(/[=<>~].*$/, '').replace(/:[a-z0-9]+$/, '').toLowerCase();
}
