#!/usr/bin/env node
import { runCli } from './cli';

// The codegen alone (this repository's `npm run codegen`); apps run it as `durable codegen`.
runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then((code) => {
  process.exitCode = code;
});
