// Inside the bench's dedicated worker, after bench.js: runs `__bench[op](arg)` for the page
// (worker-page.js) and answers with its result.
self.onmessage = async ({ data }) => {
  try {
    const value = data.op === 'ping' ? true : await self.__bench[data.op](data.arg);
    self.postMessage({ id: data.id, value });
  } catch (error) {
    self.postMessage({ id: data.id, error: String((error && error.message) || error) });
  }
};
