// Loaded into the app's process by bench/soak.bench.mjs (NODE_OPTIONS=--import): every SOAK_SAMPLE_MS it appends
// process.memoryUsage() to SOAK_PROBE_FILE as one JSON line, then (unless SOAK_GC=0) runs a full garbage collection
// and adds the heap that is still alive after it, which is what a leak makes grow. SOAK_SNAPSHOTS ("60,170": seconds
// after start) writes heap snapshots into SOAK_SNAPSHOT_DIR, to compare what the heap holds at two moments.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';

const file = process.env.SOAK_PROBE_FILE;
const every = Number(process.env.SOAK_SAMPLE_MS ?? 10_000);
let gc = null;
if (process.env.SOAK_GC !== '0') {
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc');
}

if (file) {
  setInterval(() => {
    const sample = { at: Date.now(), ...process.memoryUsage() };
    if (gc) {
      gc();
      sample.liveHeap = process.memoryUsage().heapUsed;
    }
    appendFileSync(file, `${JSON.stringify(sample)}\n`);
  }, every).unref();
}

for (const at of (process.env.SOAK_SNAPSHOTS ?? '').split(',').filter(Boolean).map(Number)) {
  setTimeout(() => writeHeapSnapshot(join(process.env.SOAK_SNAPSHOT_DIR ?? '.', `soak-${at}s.heapsnapshot`)), at * 1000).unref();
}
