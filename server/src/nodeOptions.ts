/**
 * Options for the node process of the language server: the editor's client
 * starts it with them (client/src/extension.ts), and so does the bench.
 *
 * Semi-spaces of 4 MB instead of V8's 16 MB keep the young generation small.
 * Opening a big table or a main.cf with thousands of diagnostics allocates
 * tens of megabytes at once, and a young generation grown to its largest
 * stays resident afterwards: with the bench's map and main.cf open the
 * server holds about 14 MB less, for about a millisecond more per edit of
 * the map. Smaller ones save no more and slow the start (docs/performance.md
 * has the figures, from bench/semispace.mjs).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4'];
