import * as fs from 'node:fs';

/**
 * Writes a plausible but enormous multi-stage Dockerfile (varied instructions, continuations,
 * heredocs) of at least `bytes` bytes. Generated at test time so the repository stays small.
 */
export function writeBigDockerfile(file: string, bytes: number): void {
  const chunks: string[] = ['# Generated for the e2e robustness test; not a real build.\nFROM python:3.9.6-slim-buster AS base\n'];
  let size = chunks[0].length;
  for (let i = 0; size < bytes; i++) {
    const block =
      (i % 500 === 499 ? `FROM base AS stage${i}\n` : '') +
      `RUN apt-get update && apt-get install -y --no-install-recommends pkg${i} lib${i}-dev \\\n` +
      `    && echo "step ${i}" > /tmp/step${i} && rm -rf /var/lib/apt/lists/*\n` +
      `ENV STEP_${i}=${i} PATH="/opt/s${i}/bin:$PATH"\n` +
      `COPY files/${i}.txt /srv/${i}.txt\n` +
      (i % 50 === 0 ? `RUN <<EOF\nset -e\necho heredoc ${i}\nEOF\n` : '');
    chunks.push(block);
    size += block.length;
  }
  chunks.push('CMD ["python", "app.py"]\n');
  fs.writeFileSync(file, chunks.join(''));
}
