// Preloaded by bench/build.mjs (`node --import ./bench/peak-rss.mjs …`): when the process exits, writes its
// peak resident set size and CPU time as JSON to the file named by AJAR_BENCH_USAGE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const out = process.env.AJAR_BENCH_USAGE;
  if (!out) return;
  const usage = process.resourceUsage();
  writeFileSync(out, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
});
