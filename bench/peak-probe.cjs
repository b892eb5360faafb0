// Preloaded into a measured debt-scan process by bench/memory.mjs (`node --require`): on exit,
// prints the process's own peak resident memory in KiB, which /usr/bin/time cannot tell apart
// from that of its child processes (jscpd).
process.on('exit', () => {
  process.stderr.write(`\npeak-probe ${process.resourceUsage().maxRSS}\n`);
});
