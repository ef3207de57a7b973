/** Execution-artifact parsers (platform-neutral; no licensing knowledge). */
export * from './types.js';
export { parseBam, type BamRecord, type BamService } from './bam.js';
export { parseAppCompatCache, parseAppCompatCacheHive, type AppCompatCache, type AppCompatCacheRecord, type AppCompatEntry, type AppCompatLayout } from './appcompatcache.js';
export { parseAmcache, type AmcacheRecord } from './amcache.js';
export { parseUserAssist, rot13, USERASSIST_PATH, type UserAssistRecord } from './userassist.js';
export { parseTaskCache, TASKCACHE_PATH, type ScheduledTaskRecord } from './taskcache.js';
export {
  parseTaskActions,
  guidString,
  ACTION_EXEC,
  ACTION_COM,
  ACTION_EMAIL,
  ACTION_MESSAGE,
  type TaskAction,
  type TaskActions,
  type ExecAction,
  type ComHandlerAction,
  type EmailAction,
  type MessageAction,
} from './task-actions.js';
export { parseTaskXml, type TaskXml, type TaskXmlResult, type TaskPrincipal } from './task-xml.js';
