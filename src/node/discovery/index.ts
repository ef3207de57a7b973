/** Evidence discovery for Node: `discoverHosts(inputs, options)` → host plans; `loadHost(plan)` → HostEvidence. */
export { discoverHosts, loadHost, type DiscoverOptions, type DiscoveryResult, type DiscoveryLimits, type HostPlan } from './discover.js';
export { walkDirectory, DEFAULT_WALK_LIMITS, type WalkLimits } from './walk.js';
