import { rewriteImageTag, slimAlternative } from '../knowledge/image-variants';
import type { ImageModel, Instruction, Stage } from '../model/types';
import { fromLine, imageTextOf, instructionText } from './source-text';

/** Instructions that describe the running container: they move to the runtime stage as written. */
const RUNTIME_KEYWORDS = new Set(['USER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'ENV', 'ARG', 'WORKDIR']);

export interface CompiledSplit {
  readonly builder: string[];
  readonly runtime: string[];
  readonly notes: string[];
}

/**
 * Node apps: the builder runs every original step and then drops dev dependencies; the runtime
 * stage on the `-slim` node image of the same version copies the application folder.
 */
export function splitNode(model: ImageModel, chain: readonly Stage[], builderName: string, runtimeName: string | undefined): CompiledSplit | undefined {
  const root = chain[0];
  if (root.base.kind !== 'image') return undefined;
  const instructions = chain.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
  const installs = instructions.some((i) => (i.run?.commands ?? []).some((c) => c.recognized?.tool === 'node-pm' && (c.recognized.action === 'ci' || c.recognized.action === 'install') && !c.recognized.global));
  if (!installs) return undefined;
  const notes: string[] = [];
  const imageText = imageTextOf(model, root);
  const alt = slimAlternative(root.base.ref);
  const runtimeImage = alt ? rewriteImageTag(imageText, root.base.ref.tag, alt.tag) ?? imageText : imageText;
  const appDir = lastWorkdir(instructions);
  const builder = [`# Build stage: dev dependencies and the build run here.\n${fromLine(model, root, imageText, builderName)}`];
  for (const i of instructions) if (!isRuntimeOnly(i)) builder.push(instructionText(model, i));
  builder.push('# Keep only production dependencies for the runtime stage.\nRUN npm prune --omit=dev');
  const runtime = [`# Runtime stage: the same Node version on the slim image.\n${fromLine(model, root, runtimeImage, runtimeName)}`];
  let copied = false;
  for (const i of instructions) {
    if (RUNTIME_KEYWORDS.has(i.keyword)) {
      if (!copied && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'USER')) {
        runtime.push(`COPY --from=${builderName} ${appDir} ${appDir}`);
        copied = true;
      }
      runtime.push(instructionText(model, i));
    }
  }
  if (!copied) runtime.push(`COPY --from=${builderName} ${appDir} ${appDir}`);
  notes.push(`the application folder ${appDir} (built, production dependencies only) is copied to the runtime stage`);
  if (alt) notes.push(`runtime base: ${runtimeImage}`);
  return { builder, runtime, notes };
}

/**
 * Go: the builder compiles; the runtime stage starts from the Debian slim image of the
 * builder's release (distroless static when CGO is off) and gets the binary at the same path.
 */
export function splitGo(model: ImageModel, chain: readonly Stage[], builderName: string, runtimeName: string | undefined): CompiledSplit | undefined {
  const root = chain[0];
  if (root.base.kind !== 'image') return undefined;
  const instructions = chain.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
  let binary: string | undefined;
  let cgoOff = false;
  for (const i of instructions) {
    for (const c of i.run?.commands ?? []) {
      if (c.name.value !== 'go' || c.args[0]?.value !== 'build') continue;
      const args = c.args.map((a) => a.value);
      const o = args.indexOf('-o');
      const out = o >= 0 ? args[o + 1] : undefined;
      if (out) binary = out.startsWith('/') ? out : `${i.state.workdir.replace(/\/$/, '')}/${out}`;
      if (c.assignments.get('CGO_ENABLED') === '0' || i.state.env.get('CGO_ENABLED') === '0') cgoOff = true;
    }
  }
  if (!binary) return undefined;
  const release = /(bullseye|bookworm|trixie)/.exec(root.base.ref.tag ?? '')?.[1] ?? 'bookworm';
  const runtimeImage = cgoOff ? `gcr.io/distroless/static-debian${release === 'trixie' ? '13' : '12'}` : `debian:${release}-slim`;
  const builder = [`# Build stage: the Go toolchain stays here.\n${fromLine(model, root, imageTextOf(model, root), builderName)}`];
  for (const i of instructions) if (!isRuntimeOnly(i)) builder.push(instructionText(model, i));
  const runtime = [`# Runtime stage: only the compiled binary.\nFROM ${runtimeImage}${runtimeName ? ` AS ${runtimeName}` : ''}`];
  runtime.push(`COPY --from=${builderName} ${binary} ${binary}`);
  for (const i of instructions) if (RUNTIME_KEYWORDS.has(i.keyword) && i.keyword !== 'ARG') runtime.push(instructionText(model, i));
  return { builder, runtime, notes: [`the binary ${binary} is copied to ${runtimeImage}${cgoOff ? ' (CGO is off: a static binary needs no libc)' : ''}`] };
}

/**
 * Rust: the builder compiles with cargo; the runtime stage is the Debian slim image of the same
 * release (Rust binaries link glibc and libgcc, which it has) with the binary at the path the
 * image's command uses: `cargo install` puts it in /usr/local/cargo/bin, `cargo build --release`
 * in <workdir>/target/release.
 */
export function splitRust(model: ImageModel, chain: readonly Stage[], builderName: string, runtimeName: string | undefined): CompiledSplit | undefined {
  const root = chain[0];
  if (root.base.kind !== 'image') return undefined;
  const instructions = chain.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
  const cargo = instructions.flatMap((i) => (i.run?.commands ?? []).filter((c) => c.name.value === 'cargo' && ['build', 'install'].includes(c.args[0]?.value ?? '')).map((c) => ({ i, c })));
  if (!cargo.length) return undefined;
  const command = [...instructions].reverse().find((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
  const exe = command?.args.map((a) => a.value.replace(/^\[?"?|"?,?\]?$/g, ''))[0];
  if (!exe) return undefined;
  const last = cargo[cargo.length - 1];
  const installs = last.c.args[0].value === 'install';
  const wd = last.i.state.workdir.replace(/\/$/, '');
  const name = exe.split('/').pop()!;
  const binary = exe.startsWith('/') ? exe : installs ? `/usr/local/cargo/bin/${name}` : exe.includes('/') ? `${wd}/${exe.replace(/^\.\//, '')}` : `${wd}/target/release/${name}`;
  const release = /(bullseye|bookworm|trixie)/.exec(root.base.ref.tag ?? '')?.[1] ?? 'bookworm';
  const runtimeImage = `debian:${release}-slim`;
  const builder = [`# Build stage: the Rust toolchain stays here.\n${fromLine(model, root, imageTextOf(model, root), builderName)}`];
  for (const i of instructions) if (!isRuntimeOnly(i)) builder.push(instructionText(model, i));
  const runtime = [`# Runtime stage: only the compiled binary, on the slim Debian image of the same release.\nFROM ${runtimeImage}${runtimeName ? ` AS ${runtimeName}` : ''}`];
  runtime.push(`COPY --from=${builderName} ${binary} ${binary}`);
  // The command may name the binary without a path: keep it on PATH as cargo's image did.
  if (!exe.includes('/') && installs) runtime.push('ENV PATH=/usr/local/cargo/bin:$PATH');
  for (const i of instructions) if (RUNTIME_KEYWORDS.has(i.keyword) && i.keyword !== 'ARG') runtime.push(instructionText(model, i));
  return { builder, runtime, notes: [`the binary ${binary} is copied to ${runtimeImage}`] };
}

function isRuntimeOnly(i: Instruction): boolean {
  return ['USER', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL'].includes(i.keyword);
}

function lastWorkdir(instructions: readonly Instruction[]): string {
  const last = instructions[instructions.length - 1];
  return last ? (last.keyword === 'WORKDIR' ? last.state.workdir : workdirAfter(instructions)) : '/';
}

function workdirAfter(instructions: readonly Instruction[]): string {
  let wd = '/';
  for (const i of instructions) {
    if (i.keyword === 'WORKDIR') {
      const v = i.args.map((a) => a.value).join(' ');
      wd = v.startsWith('/') ? v : `${wd.replace(/\/$/, '')}/${v}`;
    } else wd = i.state.workdir;
  }
  return wd;
}

