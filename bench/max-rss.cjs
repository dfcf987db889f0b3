// Preloaded (node -r) into each benchmarked process: writes its peak resident memory in KB, worker threads
// included, to the file named by INTUNE_ASSIGN_BENCH_RSS_FILE when it exits.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload, by design
const { writeFileSync } = require('node:fs');
const file = process.env.INTUNE_ASSIGN_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
