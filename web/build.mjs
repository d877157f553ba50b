// Builds the page into dist/ (or the folder given as the first argument):
// index.html copied from src/, and under assets/ (the URL path /assets/ of
// docs/api.md) app.js and app.css bundled by esbuild from src/ and
// countries.json, the base map, taken from the world-atlas package.
// Run by `npm run build --prefix web` (scripts/build-web.sh); the output is
// committed so that `herald serve` needs no node.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const top = process.argv[2] || join(here, "dist");
const out = join(top, "assets");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, "src/main.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  outdir: out,
  logLevel: "warning",
});
await build({
  entryPoints: { app: join(here, "src/style.css") },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: "warning",
});
copyFileSync(join(here, "src/index.html"), join(top, "index.html"));
// 1:110m country shapes: small (about 100 KB) and enough for a dot map.
copyFileSync(join(here, "node_modules/world-atlas/countries-110m.json"), join(out, "countries.json"));
