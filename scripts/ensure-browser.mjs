// Makes sure the end-to-end tests have a Chromium, and says what it did. Order: one already here;
// Playwright's own download (where its download host is reachable); the system package manager's
// Chromium (Debian: apt-get install -y chromium, as root). Never skips the browser tests silently:
// if all fail it exits non-zero with what to do.
import { spawnSync } from 'node:child_process';
import { findBrowser } from './find-browser.mjs';

const run = (cmd, args, timeoutMs) => {
  console.log(`ensure-browser: running ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: timeoutMs });
  return r.status === 0;
};

let found = findBrowser();
if (found) {
  console.log(`ensure-browser: using ${found.source} at ${found.path}`);
  process.exit(0);
}

console.log('ensure-browser: no Chromium found; trying to provision one.');
if (run('npx', ['playwright', 'install', 'chromium'], 180_000)) found = findBrowser();

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!found && isRoot && spawnSync('which', ['apt-get']).status === 0) {
  console.log("ensure-browser: Playwright's download failed; installing the system package 'chromium'.");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 600_000 }).status === 0;
  if (apt(['update']) && apt(['install', '-y', '--no-install-recommends', 'chromium'])) found = findBrowser();
}

if (!found) {
  console.error(
    'ensure-browser: could not find or install Chromium. Install one (e.g. `apt-get install chromium`) ' +
      'or point CHROMIUM_PATH at a Chromium binary, then run the tests again.',
  );
  process.exit(1);
}
console.log(`ensure-browser: installed; using ${found.source} at ${found.path}`);
