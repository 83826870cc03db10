#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { runCli } from './run-cli';

/** A yes/no question on the terminal; only offered when stdin is one (see CliIo.confirm). */
async function confirm(question: string): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await readline.question(question)).trim());
  } finally {
    readline.close();
  }
}

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdin.isTTY === true ? { confirm } : {}),
  ...(process.stderr.isTTY === true ? { progress: (line: string) => process.stderr.write(`\r${line}\x1b[K`) } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
