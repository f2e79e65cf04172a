// Writes the README's hook contract reference (between its markers) from src/shared/hook-contract.ts,
// formatted as `npm run format` would. `npm run docs:hooks`; src/shared/hook-contract-docs.test.ts
// fails while the README differs from what this writes.
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import prettier from 'prettier';
import { DOCS_BEGIN, DOCS_END, hookContractMarkdown } from '../src/shared/hook-contract-docs';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** `readme` with its generated section replaced by the current rendering. */
export async function withHookContract(readme: string): Promise<string> {
  const begin = readme.indexOf(DOCS_BEGIN);
  const end = readme.indexOf(DOCS_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${DOCS_BEGIN} … ${DOCS_END}`);
  const next =
    readme.slice(0, begin) + hookContractMarkdown() + readme.slice(end + DOCS_END.length);
  const config = await prettier.resolveConfig(README);
  return prettier.format(next, { ...config, filepath: README });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const readme = fs.readFileSync(README, 'utf8');
  const next = await withHookContract(readme);
  if (next !== readme) fs.writeFileSync(README, next);
  console.log(next === readme ? 'README.md is up to date' : 'README.md updated');
}
