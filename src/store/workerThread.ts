// One job in a worker thread, for the two places that hand work to one: the document read
// (store/read/readWorker.ts) and the history facts (store/git/historyFacts.ts).

import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

const found = new Map<string, boolean>();
/** Workers run the compiled module; under a TypeScript test runner there is none, and the work stays in this thread. */
export function workerModuleExists(file: string): boolean {
  let exists = found.get(file);
  if (exists === undefined) {
    exists = file.endsWith('.js') && fs.existsSync(file);
    found.set(file, exists);
  }
  return exists;
}

/**
 * Run `job` in a new worker thread of the module `file`, started now, synchronously (a
 * caller goes on with its own share of the work, and a worker created after an `await`
 * would start only once that share was done). Resolves with the worker's one message once
 * the worker has stopped, so that its heap (hundreds of MB after a cold read or a long
 * history) is released before this thread builds on the answer. An 8 MB young generation
 * keeps what a worker allocates from piling up before it is collected.
 */
export function runWorkerOnce<T>(file: string, job: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(file, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.once('message', (answer: T) => {
      worker.removeAllListeners('exit');
      const done = () => resolve(answer);
      worker.terminate().then(done, done);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
  });
}
