export declare function startPreview(): Promise<{ base: string; stop: () => void }>;
