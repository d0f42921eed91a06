// Types for package.mjs, so TypeScript tests can find the store packages.
export interface ArtifactPaths {
  dir: string;
  chrome: string;
  firefox: string;
  source: string;
}
export declare function artifactPaths(version?: string): ArtifactPaths;
export declare function packageVersion(): string;
export declare function trackedFiles(): string[];
export declare function packageAll(opts?: { build?: boolean }): ArtifactPaths;
