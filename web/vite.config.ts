import { resolve } from "node:path";
import { defineConfig } from "vite";

// The demo site at / and the console at /console/; the widget is a separate library build (vite.widget.config.ts)
// because it must be one classic script a foreign page can include.
export default defineConfig({
  root: import.meta.dirname,
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        demo: resolve(import.meta.dirname, "index.html"),
        console: resolve(import.meta.dirname, "console/index.html"),
      },
    },
  },
  server: {
    proxy: {
      // The demo page loads the widget as a foreign site would: a classic script from the server (its own build).
      "/widget.js": "http://localhost:5080",
      "/api": "http://localhost:5080",
      "/hubs": { target: "http://localhost:5080", ws: true },
    },
  },
});
