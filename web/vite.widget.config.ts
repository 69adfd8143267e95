import { resolve } from "node:path";
import { defineConfig } from "vite";

// One self-contained classic script (widget.js): sites add it with a <script> tag, so no module loader is assumed.
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: "dist",
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: resolve(import.meta.dirname, "widget/src/main.ts"),
      name: "PlatformWidget",
      formats: ["iife"],
      fileName: () => "widget.js",
    },
  },
});
