#!/usr/bin/env node
'use strict';
// Runs the TypeScript CLI straight from src/ under plain node: tsx compiles it on load,
// so `keywarden` works right after `npm ci` with no build step.
const path = require('node:path');
const { register } = require('tsx/cjs/api');

register();
const { run } = require(path.join(__dirname, '..', 'src', 'main', 'cli', 'main.ts'));
run(process.argv.slice(2));
