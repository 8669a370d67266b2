/**
 * Options for the node process of the language server: the editor's client
 * starts it with them (client/src/extension.ts), and so does the bench.
 *
 * Semi-spaces of 2 MB instead of V8's 16 MB keep the young generation small.
 * Opening a big table or a main.cf with thousands of diagnostics allocates
 * tens of megabytes at once; with a small young generation V8 gives most of
 * it back once the server is idle (mostly 8 to 16 s later), while with its
 * own it keeps it: with the bench's map and main.cf open, the server settles
 * at about 115 MB instead of 158 MB. The price is more collections, a few
 * milliseconds of CPU per keystroke in a main.cf with thousands of
 * diagnostics; 4 MB does about as well (docs/performance.md has the figures,
 * from bench/semispace.mjs).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=2'];
