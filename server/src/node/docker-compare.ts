import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryLayer } from '../core/estimate/match-history';

/**
 * Runs the docker CLI: only on an explicit request (CLI `verify`, the "Compare with the real
 * image" command in a trusted workspace), never during analysis. The binary is the system's
 * docker (or DOCKERLEAN_DOCKER_CLI), never anything from the workspace.
 */
export interface DockerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function dockerCli(): string {
  return process.env.DOCKERLEAN_DOCKER_CLI ?? 'docker';
}

export function runDocker(args: readonly string[], opts: { timeoutMs?: number; cwd?: string } = {}): Promise<DockerRun> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(dockerCli(), [...args], { cwd: opts.cwd, env: { ...process.env, DOCKER_CLI_HINTS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + String(e.message) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Undefined when an engine answers; otherwise why not, in words. */
export async function engineUnavailable(): Promise<string | undefined> {
  const r = await runDocker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 15_000 });
  if (r.code === 127) return 'the docker command is not installed';
  if (r.code !== 0 || !r.stdout.trim()) return `no Docker engine answers (${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 200)})`;
  return undefined;
}

export async function buildImage(dockerfile: string, context: string, target?: string): Promise<{ ref: string } | { error: string }> {
  const ref = `dockerlean-verify:${crypto.createHash('sha256').update(path.resolve(dockerfile)).digest('hex').slice(0, 12)}`;
  const args = ['build', '-t', ref, '-f', dockerfile, ...(target ? ['--target', target] : []), context];
  const r = await runDocker(args, { timeoutMs: 60 * 60_000 });
  if (r.code !== 0) return { error: `docker build failed:\n${(r.stderr || r.stdout).trim().split('\n').slice(-15).join('\n')}` };
  return { ref };
}

/** `docker history` of an image, oldest entry first, sizes in bytes. */
export async function imageHistory(ref: string): Promise<HistoryLayer[] | { error: string }> {
  const r = await runDocker(['history', '--no-trunc', '--human=false', '--format', '{{json .}}', ref]);
  if (r.code !== 0) return { error: r.stderr.trim() || `docker history ${ref} failed` };
  const rows: HistoryLayer[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      const j = JSON.parse(line) as { CreatedBy?: string; Size?: string | number };
      rows.push({ createdBy: j.CreatedBy ?? '', bytes: Number(j.Size ?? 0) || 0 });
    } catch {
      // A line that is not JSON (a warning) carries no layer.
    }
  }
  return rows.reverse();
}

export async function imageBytes(ref: string): Promise<number | undefined> {
  const r = await runDocker(['image', 'inspect', '--format', '{{.Size}}', ref]);
  const n = Number(r.stdout.trim());
  return r.code === 0 && Number.isFinite(n) ? n : undefined;
}

export function dockerfileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
