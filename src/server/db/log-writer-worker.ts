// The log writer thread (log-writer.ts): stores batches of log rows through its own connection
// to the SQLite file, one batch at a time, in the order they arrive.
//
// Bundled build: esbuild emits this file as dist/log-writer.js.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './connect';
import { storeBatch } from './log-batches';
import type { LogWriterReply, LogWriterRequest } from './log-writer';

if (!parentPort) throw new Error('the log writer must run in a worker thread');
const port = parentPort;
const db = openSqlite((workerData as { file: string }).file);

let chain = Promise.resolve();
port.on('message', ({ id, batch }: LogWriterRequest) => {
  chain = chain.then(async () => {
    let reply: LogWriterReply;
    try {
      await storeBatch(db, batch);
      reply = { id };
    } catch (err) {
      reply = { id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
});
