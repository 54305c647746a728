// The Vite configuration every Hangar web app shares; each app's vite.config.ts only names its base path.
import { defineConfig, type UserConfig } from 'vite';

export function hangarViteConfig(base: `/${string}`): UserConfig {
  return defineConfig({
    base,
    // Vite 8 compiles TSX with oxc; the automatic runtime means no `import React` in every file.
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
  });
}
