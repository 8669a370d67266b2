/**
 * Options for the node process of the language server: the editor's client
 * starts it with them (client/src/extension.ts), and so does the bench.
 *
 * Semi-spaces of 1 MB keep the young generation small. Opening a big table
 * or a main.cf with thousands of diagnostics allocates tens of megabytes that
 * the server keeps or drops at once; V8's default young generation (semi-spaces
 * of 16 MB, three of them) stays resident afterwards. The smaller one costs
 * about a tenth more time in a full check of a big file and nothing measurable
 * in an edit (docs/performance.md has the figures, from bench/semispace.mjs).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=1'];
