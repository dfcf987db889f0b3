// Entry point of the e2e suite: VS Code's extension host loads this module (extensionTestsPath) and calls run().
// It runs every out/test/e2e/**/*.test.js with mocha, prints `e2e: N passed, N failed`, and writes the counts
// as JSON to the file named by INTUNE_ASSIGN_TEST_RESULTS when that is set.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function findTestFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) files.push(full);
  }
  return files.sort();
}

export function run(): Promise<void> {
  // INTUNE_ASSIGN_TEST_GREP runs only the tests whose titles match (while working on one).
  const grep = process.env.INTUNE_ASSIGN_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 60_000, color: false, ...(grep ? { grep } : {}) });
  const files = findTestFiles(__dirname);
  for (const file of files) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        const results = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
        console.log(`e2e: ${results.passed} passed, ${results.failed} failed`);
        const resultsFile = process.env.INTUNE_ASSIGN_TEST_RESULTS;
        if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results) + '\n');
        if (files.length === 0) reject(new Error(`no *.test.js files under ${__dirname}`));
        else if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error);
    }
  });
}
