/** The `dump --artifact` names, apart from the parsers so the CLI can check an option without loading them. */
export const ARTIFACT_NAMES = ['bam', 'appcompatcache', 'amcache', 'userassist', 'tasks'] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];
