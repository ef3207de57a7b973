/** The tool's version, reported in every output (kept equal to package.json's by a test). */
export const VERSION = '0.1.0';
