// The bench's worker loaded from the server (http:), as opposed to from a blob: URL.
/* global importScripts -- a worker script (eslint lints bench/pages as page scripts) */
importScripts('/bench.js', '/bench-worker.js');
