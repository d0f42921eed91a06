// Types for zip.mjs, so TypeScript tests can unpack the store packages.
export declare function listFiles(dir: string): string[];
export declare function writeZip(zipPath: string, baseDir: string, files?: string[]): void;
export declare function readZip(zipPath: string): Map<string, Buffer>;
export declare function extractZip(zipPath: string, dir: string): string[];
export declare function isFile(path: string): boolean;
