#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled into dist/cli.js by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('dockerlean: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    // Exit as soon as the output is flushed: releasing the parser's WASM heap and the size
    // tables at shutdown otherwise adds seconds to every CI call.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
