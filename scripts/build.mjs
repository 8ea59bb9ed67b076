// Builds ajar itself: TypeScript → lib/, and the browser player bundle (esbuild) when its source exists.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
rmSync(path.join(root, 'lib'), { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
  cwd: root,
});
const playerBuild = path.join(root, 'scripts/build-player.mjs');
if (existsSync(playerBuild)) execFileSync(process.execPath, [playerBuild], { stdio: 'inherit', cwd: root });
