import { startStandInRegistry } from '@/server/hooks/modules/stand-in-registry';
import { e2e } from './env';

/**
 * The npm registry the e2e server installs hook modules from: a stand-in on 127.0.0.1 serving
 * `left-pad` and `lodash`, so saving a hook with modules never needs the internet. It runs until
 * the tests end.
 */
export default async function globalSetup() {
  const registry = await startStandInRegistry(
    [
      {
        name: 'left-pad',
        version: '1.3.0',
        files: {
          'index.js': "module.exports = (s, n, c = ' ') => String(s).padStart(n, String(c));\n",
        },
        main: 'index.js',
      },
      // The Deploy CLI fixture's hook lists lodash in its dependencies (import.spec.ts imports it).
      {
        name: 'lodash',
        version: '4.17.21',
        files: { 'lodash.js': 'module.exports = {};\n' },
        main: 'lodash.js',
      },
    ],
    {},
    e2e.registryPort,
  );
  return registry.close;
}
