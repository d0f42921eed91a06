// The bench's worker loaded from the server (http:), as opposed to from a blob: URL.
importScripts('/bench.js', '/bench-worker.js');
