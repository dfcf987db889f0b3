// Preloaded (node -r) into each benchmarked process: writes its peak resident memory in KB and its CPU time
// (user + system, microseconds), worker threads included, to the file named by INTUNE_ASSIGN_BENCH_RSS_FILE
// when it exits, as "maxRSS cpu".
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, by design
const { writeFileSync } = require('node:fs');
const file = process.env.INTUNE_ASSIGN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
