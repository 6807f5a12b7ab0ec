/**
 * Dockerfile variable substitution (`$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR:+word}`) as the
 * builder applies it to FROM, COPY, ENV, WORKDIR and friends. Unknown variables are reported
 * so callers can say a value is only partly known instead of guessing.
 */
export function substitute(
  text: string,
  lookup: (name: string) => string | undefined,
  escapeChar = '\\',
): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escapeChar && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const body = text.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::([-+])(.*))?$/s.exec(body);
      if (!m) {
        out += text.slice(i, close + 1);
        unresolved.push(body);
      } else {
        const v = lookup(m[1]);
        if (m[2] === '-') out += v !== undefined && v !== '' ? v : m[3];
        else if (m[2] === '+') out += v !== undefined && v !== '' ? m[3] : '';
        else if (v !== undefined) out += v;
        else unresolved.push(m[1]);
      }
      i = close;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    const v = lookup(m[0]);
    if (v !== undefined) out += v;
    else unresolved.push(m[0]);
    i += m[0].length;
  }
  return { value: out, unresolved };
}
