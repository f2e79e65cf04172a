// Dev/test entry for the hook worker: lets Node 20 run worker.ts straight from source.
//
// Why not `new Worker('worker.ts', { execArgv: ['--import', 'tsx'] })`: on Node 20
// module-customization hooks passed through a Worker's execArgv are not applied to
// the worker's own entry (nodejs/node#47747, privatenumber/tsx#354), so it fails with
// ERR_UNKNOWN_FILE_EXTENSION. Registering tsx from inside the thread works.
// Production never loads this file: it runs the esbuild output dist/hook-worker.js.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
