/** The rule registry, sorted by id (ESLint lib/rules/index.js). The id is the file name. */
import type { Rule } from './rule.js';
import { rule as asOfTimeEstimated } from './as-of-time-estimated.js';
import { rule as calVersionRequired } from './cal-version-required.js';
import { rule as clientLicenseStoreAcl } from './client-license-store-acl.js';
import { rule as clientLicenseStoreCorrupt } from './client-license-store-corrupt.js';
import { rule as clientSkuMultisession } from './client-sku-multisession.js';
import { rule as clientTemporaryLicenseExpired } from './client-temporary-license-expired.js';
import { rule as controlsetDrift } from './controlset-drift.js';
import { rule as deletedLicensingData } from './deleted-licensing-data.js';
import { rule as evidenceMixedHosts } from './evidence-mixed-hosts.js';
import { rule as gracePeriodAclTampered } from './grace-period-acl-tampered.js';
import { rule as gracePeriodEndRewritten } from './grace-period-end-rewritten.js';
import { rule as gracePeriodEstimated } from './grace-period-estimated.js';
import { rule as gracePeriodExpired } from './grace-period-expired.js';
import { rule as gracePeriodExpiring } from './grace-period-expiring.js';
import { rule as gracePeriodKeyFutureDated } from './grace-period-key-future-dated.js';
import { rule as gracePeriodResetSuspected } from './grace-period-reset-suspected.js';
import { rule as gracePeriodResetTask } from './grace-period-reset-task.js';
import { rule as graceResetScript } from './grace-reset-script.js';
import { rule as hiveCorrupt } from './hive-corrupt.js';
import { rule as hiveDirtyLogsMissing } from './hive-dirty-logs-missing.js';
import { rule as hiveLogsReplayed } from './hive-logs-replayed.js';
import { rule as licenseNeverObtained } from './license-never-obtained.js';
import { rule as licenseServerAuthEnforcementDisabled } from './license-server-auth-enforcement-disabled.js';
import { rule as licenseServerListMalformed } from './license-server-list-malformed.js';
import { rule as licenseServerOlderThanHost } from './license-server-older-than-host.js';
import { rule as licenseServerSecurityGroup } from './license-server-security-group.js';
import { rule as licenseServerValueMisplaced } from './license-server-value-misplaced.js';
import { rule as licenseServiceDisabled } from './license-service-disabled.js';
import { rule as licensingModeAadPerUser } from './licensing-mode-aad-per-user.js';
import { rule as licensingModeInvalid } from './licensing-mode-invalid.js';
import { rule as licensingModeNotConfigured } from './licensing-mode-not-configured.js';
import { rule as licensingNotificationsHidden } from './licensing-notifications-hidden.js';
import { rule as multisessionEnablers } from './multisession-enablers.js';
import { rule as multisessionHost } from './multisession-host.js';
import { rule as nlaDisabled } from './nla-disabled.js';
import { rule as noLicenseServer } from './no-license-server.js';
import { rule as perUserInWorkgroup } from './per-user-in-workgroup.js';
import { rule as policyOverridesLocalMode } from './policy-overrides-local-mode.js';
import { rule as policyOverridesLocalServers } from './policy-overrides-local-servers.js';
import { rule as preventLicenseUpgrade } from './prevent-license-upgrade.js';
import { rule as rdpConnectionsDenied } from './rdp-connections-denied.js';
import { rule as rdpPortChanged } from './rdp-port-changed.js';
import { rule as rdpSecurityLayerLegacy } from './rdp-security-layer-legacy.js';
import { rule as rdpWrapperInstalled } from './rdp-wrapper-installed.js';
import { rule as rdshRoleNotInstalled } from './rdsh-role-not-installed.js';
import { rule as selfLicenseServerNotInstalled } from './self-license-server-not-installed.js';
import { rule as singleSessionDisabled } from './single-session-disabled.js';
import { rule as tamperToolExecuted } from './tamper-tool-executed.js';
import { rule as termserviceDisabled } from './termservice-disabled.js';
import { rule as termserviceDllNonstandard } from './termservice-dll-nonstandard.js';
import { rule as timebombMissing } from './timebomb-missing.js';
import { rule as timebombNotDecryptable } from './timebomb-not-decryptable.js';
import { rule as workgroupLicenseServerAuth } from './workgroup-license-server-auth.js';
import { rule as x509CertificateSuspect } from './x509-certificate-suspect.js';

export const rules: readonly Rule[] = [
  asOfTimeEstimated,
  calVersionRequired,
  clientLicenseStoreAcl,
  clientLicenseStoreCorrupt,
  clientSkuMultisession,
  clientTemporaryLicenseExpired,
  controlsetDrift,
  deletedLicensingData,
  evidenceMixedHosts,
  gracePeriodAclTampered,
  gracePeriodEndRewritten,
  gracePeriodEstimated,
  gracePeriodExpired,
  gracePeriodExpiring,
  gracePeriodKeyFutureDated,
  gracePeriodResetSuspected,
  gracePeriodResetTask,
  graceResetScript,
  hiveCorrupt,
  hiveDirtyLogsMissing,
  hiveLogsReplayed,
  licenseNeverObtained,
  licenseServerAuthEnforcementDisabled,
  licenseServerListMalformed,
  licenseServerOlderThanHost,
  licenseServerSecurityGroup,
  licenseServerValueMisplaced,
  licenseServiceDisabled,
  licensingModeAadPerUser,
  licensingModeInvalid,
  licensingModeNotConfigured,
  licensingNotificationsHidden,
  multisessionEnablers,
  multisessionHost,
  nlaDisabled,
  noLicenseServer,
  perUserInWorkgroup,
  policyOverridesLocalMode,
  policyOverridesLocalServers,
  preventLicenseUpgrade,
  rdpConnectionsDenied,
  rdpPortChanged,
  rdpSecurityLayerLegacy,
  rdpWrapperInstalled,
  rdshRoleNotInstalled,
  selfLicenseServerNotInstalled,
  singleSessionDisabled,
  tamperToolExecuted,
  termserviceDisabled,
  termserviceDllNonstandard,
  timebombMissing,
  timebombNotDecryptable,
  workgroupLicenseServerAuth,
  x509CertificateSuspect,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

export { runRules, type EngineConfig, type EngineResult, type Finding, type Suppression } from './engine.js';
export type { Rule, RuleMeta, Severity } from './rule.js';
