// A worker thread of the load pool (pool.ts): parses the files it is sent, as the main thread would
// (entry.ts analyse), and answers with each outcome's JSON text.

import { parentPort, workerData } from 'node:worker_threads';
import { courseFs } from '../source/files.js';
import { analyse, serialise } from './entry.js';
import type { Job, PoolInit } from './pool.js';

const init = workerData as PoolInit;
const fs = courseFs(init.root, new Set(init.plain));

parentPort?.on('message', (message: { id: number; job: Job }) => {
  const { id, job } = message;
  analyse(job.role, { path: job.path, text: job.text }, { fs, inventory: init.inventory, numbers: job.numbers }).then(
    (outcome) => parentPort!.postMessage({ id, payload: serialise(outcome, init.inventoryHash) }),
    (error: unknown) => parentPort!.postMessage({ id, error: String((error as Error)?.message ?? error) }),
  );
});
