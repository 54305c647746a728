// The admin settings window: Electron loads it from disk (file://), so assets use relative paths and
// the page is one classic script. file:// pages have an opaque origin, and module scripts and
// `crossorigin` stylesheets are fetched in CORS mode, which Chromium refuses for file://; a classic
// deferred script and a plain stylesheet link load everywhere (Electron, Chromium, a static server).
import { defineConfig, type Plugin } from 'vite';

function classicScriptForFileUrls(): Plugin {
  return {
    name: 'hangar-classic-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html
          .replace(/<script type="module" crossorigin /g, '<script defer ')
          .replace(/<link rel="stylesheet" crossorigin /g, '<link rel="stylesheet" '),
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // Vite 8 compiles TSX with oxc; the automatic runtime means no `import React` in every file.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [classicScriptForFileUrls()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    modulePreload: false,
    cssCodeSplit: false,
    rollupOptions: { output: { format: 'iife' } },
  },
});
