// Prints the widget's gzipped size after the build, and warns past the budget (docs/widget.md).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const budgetBytes = 40 * 1024;
const bytes = readFileSync(new URL("../dist/widget.js", import.meta.url));
const gzipped = gzipSync(bytes, { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`widget.js: ${kb(bytes.length)}, ${kb(gzipped)} gzipped (budget ${kb(budgetBytes)})`);
if (gzipped > budgetBytes) console.warn(`warning: widget.js is over its gzipped budget by ${kb(gzipped - budgetBytes)}`);
