// The full run and the --quick smoke run of `npm run bench` (shape: BenchOptions in options.ts).
export const FULL = {
  quick: false,
  reps: 3,
  page: { text: 200_000, binary: 20_000, sends: 100_000, textBytes: 100, binaryBytes: 4096, sendBytes: 100 },
  worker: { text: 60_000, binary: 10_000, sends: 30_000, textBytes: 100, binaryBytes: 4096, sendBytes: 100 },
  hook: { documents: 15, iframes: 20, loads: 8 },
  pageLoad: { iframes: 30, loads: 15 },
  relay: { rates: [1_000, 10_000, 50_000], seconds: 4 },
  scale: { node: 1_000_000, browser: 1_000_000, bigPayloadBytes: 4_000_000 },
  logs: { messages: 500_000 },
  soak: { minutes: 30, sockets: 20, churnMs: 3_000, serverRate: 10, pageRate: 5 },
};

export const QUICK = {
  quick: true,
  reps: 1,
  page: { text: 5_000, binary: 500, sends: 2_000, textBytes: 100, binaryBytes: 4096, sendBytes: 100 },
  worker: { text: 3_000, binary: 300, sends: 1_500, textBytes: 100, binaryBytes: 4096, sendBytes: 100 },
  hook: { documents: 3, iframes: 20, loads: 2 },
  pageLoad: { iframes: 30, loads: 3 },
  relay: { rates: [1_000, 10_000], seconds: 1 },
  scale: { node: 50_000, browser: 20_000, bigPayloadBytes: 1_000_000 },
  logs: { messages: 20_000 },
  soak: { minutes: 2, sockets: 20, churnMs: 3_000, serverRate: 10, pageRate: 5 },
};

