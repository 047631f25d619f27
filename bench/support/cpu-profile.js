/**
 * Preload for profiling a benchmarked process: `BENCH_API_NODE_ARGS="-r ./bench/support/cpu-profile.js"`. Starts the
 * V8 CPU profiler at once and writes `<CPU_PROFILE_DIR or tmpdir>/api-<pid>.cpuprofile` on SIGTERM (Nest's shutdown
 * hook re-raises the signal, so node's own --cpu-prof never gets to write). With `CPU_PROFILE_FROM=SIGWINCH` it starts
 * on that signal instead.
 */
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 500 });
// CPU_PROFILE_FROM=SIGWINCH: profile only from that signal on (e.g. just a catch-up after a load). Not SIGUSR2:
// Nest's shutdown hooks stop the app on it.
const from = process.env.CPU_PROFILE_FROM;
if (from) process.once(from, () => session.post('Profiler.start'));
else session.post('Profiler.start');
process.prependListener('SIGTERM', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    const file = join(process.env.CPU_PROFILE_DIR ?? tmpdir(), `api-${process.pid}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
  });
});
