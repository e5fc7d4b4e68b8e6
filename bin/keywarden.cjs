#!/usr/bin/env node
'use strict';
// Runs the CLI built by `npm run build` (vite.cli.config.mts → out/cli/keywarden.cjs): plain
// JavaScript, so start-up is node's own and not a TypeScript compiler's. There is no
// fallback to compiling src/ on the fly: that costs more than half a second per run and
// would let a stale or missing build go unnoticed.
const fs = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'out', 'cli', 'keywarden.cjs');
if (!fs.existsSync(built)) {
  process.stderr.write(
    `keywarden: UNAVAILABLE: the command line is not built (${path.relative(process.cwd(), built) || built} is missing): run \`npm run build\` (or \`npm run build:cli\`) first\n`,
  );
  process.exit(1);
}
require(built).run(process.argv.slice(2));
