// `npm run fuzz`: the language server fuzzer for longer runs. Alternates safe and hostile rounds with
// successive seeds until the time is up, prints what each covered, and exits 1 on any failure.
//
//   npm run fuzz                       2 minutes from seed 1
//   npm run fuzz -- --minutes 10       ten minutes
//   npm run fuzz -- --seed 42 --mode hostile --minutes 1
import { parseArgs } from 'node:util';
import { describeReport, fuzz, FuzzMode } from './lspFuzzer';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' }, mode: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run fuzz -- [--minutes N] [--seed S] [--mode safe|hostile]\n');
    return 0;
  }
  const minutes = Number(values.minutes);
  const firstSeed = Number(values.seed);
  if (!(minutes > 0 && minutes <= 600) || !Number.isInteger(firstSeed) || (values.mode && values.mode !== 'safe' && values.mode !== 'hostile')) {
    process.stderr.write('fuzz: --minutes takes 0-600, --seed an integer, --mode safe or hostile\n');
    return 2;
  }
  const end = Date.now() + minutes * 60_000;
  let failed = 0;
  for (let round = 0; Date.now() < end; round++) {
    const mode = (values.mode as FuzzMode | undefined) ?? (round % 2 === 0 ? 'safe' : 'hostile');
    const report = await fuzz({ seed: firstSeed + round, mode, actions: 2000, milliseconds: Math.min(120_000, end - Date.now()), progress: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${describeReport(report)}\n`);
    if (report.failures.length) failed++;
  }
  process.stdout.write(failed ? `fuzz: ${failed} round(s) failed\n` : 'fuzz: every round clean\n');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
