/**
 * Options for the node process of the language server: the editor's client
 * starts it with them (client/src/extension.ts), and so does the bench.
 *
 * Semi-spaces of 2 MB instead of V8's 16 MB keep the young generation small.
 * Opening a big table or a main.cf with thousands of diagnostics allocates
 * tens of megabytes at once; with the small young generation V8 gives most of
 * it back within seconds, while with its own it keeps it: with the bench's map
 * and main.cf open, the server settles at about 110 MB instead of 160 MB, at no
 * cost the bench can tell (docs/performance.md has the figures, from
 * bench/semispace.mjs).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=2'];
