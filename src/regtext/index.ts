/** The .reg export reader and writer: `parseRegText`, `mergeRegTexts`, `toRegText`. */
export { parseRegText, type ParseRegTextOptions } from './parser.js';
export { mergeRegTexts, type MergedRegText } from './merge.js';
export { toRegText, formatRegText, type ToRegTextOptions } from './writer.js';
export {
  DEFAULT_LIMITS,
  REG_CAPABILITIES,
  type RegDialect,
  type RegEdit,
  type RegEncoding,
  type RegRoot,
  type RegTextHive,
  type RegTextLimits,
  type RegTextResult,
} from './types.js';
