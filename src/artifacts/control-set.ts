/** The control set a SYSTEM hive boots with, as the artifact parsers need it (src/view/control-set.ts). */
export { liveControlSet as currentControlSet, type LiveControlSet as CurrentControlSet } from '../view/control-set.js';
