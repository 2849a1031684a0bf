/** Where the dashboard is built, and the scripts the build holds (for the size test). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const dashboardRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface BuiltScript {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The scripts of the build in `outDir` (default: the dist/ the server serves). */
export async function builtScripts(outDir = join(dashboardRoot, 'dist')): Promise<BuiltScript[]> {
  const assets = join(outDir, 'assets');
  const scripts = (await readdir(assets)).filter((file) => file.endsWith('.js')).sort();
  return Promise.all(
    scripts.map(async (file) => {
      const body = await readFile(join(assets, file));
      return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    }),
  );
}
