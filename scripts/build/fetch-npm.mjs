// Fetches npm itself from the npm registry, for an image build stage whose base has node but no
// npm (the Debian base scripts/image makes: Debian's npm package pulls hundreds of packages and
// takes ten minutes to install). Plain JavaScript: it runs before any dependency is installed.
// The registry is the building machine's (the npmrc build secret or NPM_CONFIG_REGISTRY); the
// tarball must match the pinned integrity.
//   node scripts/build/fetch-npm.mjs <version> <sha512-integrity> <dest> [npmrc]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';

const [version, integrity, dest, npmrc] = process.argv.slice(2);
if (version === undefined || integrity === undefined || dest === undefined) {
  console.error('usage: node fetch-npm.mjs <version> <sha512-integrity> <dest> [npmrc]');
  process.exit(2);
}

function registryFrom(file) {
  if (process.env.NPM_CONFIG_REGISTRY) return process.env.NPM_CONFIG_REGISTRY;
  if (file === undefined) return undefined;
  let found;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*registry\s*=\s*(\S+)\s*$/.exec(line);
    if (match) found = match[1];
  }
  return found;
}

const registry = registryFrom(npmrc);
if (registry === undefined) {
  console.error(
    'fetch-npm: no npm registry configured: pass the npm config as the npmrc build secret ' +
      '(scripts/image does) or set NPM_CONFIG_REGISTRY.',
  );
  process.exit(1);
}
const url = `${registry.replace(/\/?$/, '/')}npm/-/npm-${version}.tgz`;
const response = await fetch(url);
if (!response.ok) {
  console.error(`fetch-npm: GET ${url} answered ${response.status} ${response.statusText}`);
  process.exit(1);
}
const tarball = Buffer.from(await response.arrayBuffer());
const actual = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
if (actual !== integrity) {
  console.error(`fetch-npm: ${url} has integrity ${actual}, expected ${integrity}; not using it.`);
  process.exit(1);
}
mkdirSync(dest, { recursive: true });
const untar = spawnSync('tar', ['-xzf', '-', '-C', dest, '--strip-components=1'], {
  input: tarball,
  stdio: ['pipe', 'inherit', 'inherit'],
});
if (untar.status !== 0) {
  console.error(`fetch-npm: tar could not unpack npm ${version} into ${dest}`);
  process.exit(1);
}
console.log(`npm ${version} in ${dest}`);
