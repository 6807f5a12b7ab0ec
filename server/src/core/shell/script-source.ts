/**
 * Turns the text of a RUN instruction's shell form into the script Docker hands to the shell,
 * keeping a map from script offsets back to document offsets so every command and argument
 * found in the script can be pointed at exactly in the editor.
 *
 * Docker removes an escape character followed by a line break (optionally with trailing
 * spaces between them), and drops comment lines and empty lines inside a continuation.
 */
export interface ScriptSource {
  readonly script: string;
  /** Document offset for a script offset (the end of the script maps to the end of the source). */
  toDocument(scriptOffset: number): number;
}

interface Segment {
  scriptStart: number;
  docStart: number;
  length: number;
}

export function buildScriptSource(text: string, start: number, end: number, escapeChar: string): ScriptSource {
  const segments: Segment[] = [];
  let script = '';
  let i = start;
  let segStart = start;
  const flush = (upTo: number) => {
    if (upTo > segStart) {
      segments.push({ scriptStart: script.length, docStart: segStart, length: upTo - segStart });
      script += text.slice(segStart, upTo);
    }
  };
  let atContinuedLineStart = false;
  while (i < end) {
    if (atContinuedLineStart) {
      // Comment or blank lines inside a continuation are not part of the command.
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '#' || text[j] === '\n' || text[j] === '\r') {
        let k = j;
        while (k < end && text[k] !== '\n') k++;
        // A comment line that ends the instruction is dropped as well: kept, it would glue onto
        // the last word (`make\` + `# x` reads as `make# x`).
        i = Math.min(k + 1, end);
        segStart = i;
        continue;
      }
      atContinuedLineStart = false;
    }
    const c = text[i];
    if (c === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      const isBreak = text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n');
      if (isBreak) {
        flush(i);
        i = j + (text[j] === '\r' ? 2 : 1);
        segStart = i;
        atContinuedLineStart = true;
        continue;
      }
    }
    i++;
  }
  flush(Math.min(i, end));
  return {
    script,
    toDocument(offset: number): number {
      if (segments.length === 0) return start;
      let lo = 0;
      let hi = segments.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segments[mid].scriptStart <= offset) lo = mid;
        else hi = mid - 1;
      }
      const s = segments[lo];
      return s.docStart + Math.min(Math.max(0, offset - s.scriptStart), s.length);
    },
  };
}

/**
 * Document offset just past the script range `[scriptStart, scriptEnd)`. Mapping the end offset
 * itself would land where the next piece of the document starts when the range ends right
 * before a removed line continuation (`gcc\⏎  && make`): the range would swallow the break.
 */
export function toDocumentEnd(source: ScriptSource, scriptStart: number, scriptEnd: number): number {
  return scriptEnd > scriptStart ? source.toDocument(scriptEnd - 1) + 1 : source.toDocument(scriptEnd);
}

/** A script that is a verbatim slice of the document (heredoc bodies, exec-form strings). */
export function verbatimScriptSource(text: string, start: number, end: number): ScriptSource {
  return {
    script: text.slice(start, end),
    toDocument: (offset: number) => start + Math.max(0, Math.min(offset, end - start)),
  };
}

/** One script made of two consecutive pieces of the document. */
export function concatScriptSources(a: ScriptSource, b: ScriptSource): ScriptSource {
  const split = a.script.length;
  return {
    script: a.script + b.script,
    toDocument: (offset: number) => (offset < split ? a.toDocument(offset) : b.toDocument(offset - split)),
  };
}
