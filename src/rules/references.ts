/** Microsoft Learn pages cited by rules (all from rds-licensing.md or rds-licensing-audit.md; no invented URLs). */
export const REF = {
  tsDeploymentLicensing: 'https://learn.microsoft.com/en-us/windows/win32/termserv/win32-tsdeploymentlicensing',
  changeMode: 'https://learn.microsoft.com/en-us/windows/win32/termserv/win32-terminalservicesetting-changemode',
  noLicenseServer: 'https://learn.microsoft.com/troubleshoot/windows-server/remote/cannot-connect-rds-no-license-server',
  gracePeriodDays: 'https://learn.microsoft.com/en-us/windows/win32/termserv/getgraceperioddays-win32-terminalservicesetting',
  cal: 'https://learn.microsoft.com/windows-server/remote/remote-desktop-services/rds-client-access-license',
  licenseSessionHosts: 'https://learn.microsoft.com/windows-server/remote/remote-desktop-services/rds-license-session-hosts',
  securityLayer: 'https://learn.microsoft.com/en-us/windows-hardware/customize/desktop/unattend/microsoft-windows-terminalservices-rdp-winstationextensions-securitylayer',
  changeListeningPort: 'https://learn.microsoft.com/windows-server/remote/remote-desktop-services/clients/change-listening-port',
  connectivityStatus: 'https://learn.microsoft.com/en-us/windows/win32/termserv/gettstolsconnectivitystatus-win32-terminalservicesetting',
  discoveredLicenseServer: 'https://learn.microsoft.com/en-us/windows/desktop/termserv/win32-tsdiscoveredlicenseserver',
  secGroupPolicy: 'https://learn.microsoft.com/en-us/windows/win32/termserv/islssecgrpgpenabled-win32-tslicenseserver',
  preventUpgradePolicy: 'https://learn.microsoft.com/en-us/windows/win32/termserv/islspreventupgradegpenabled-win32-tslicenseserver',
  disconnectReasons: 'https://learn.microsoft.com/en-us/windows/win32/termserv/extendeddisconnectreasoncode',
  rdpeleHardwareId: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpele/f53ab87c-d07d-4bf9-a2ac-79542f7b456c',
  rdpeleLicenseStore: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpele/9d7e740c-2b29-42b8-89be-ce02229bccfd',
  setSpecifiedLicenseServerList: 'https://learn.microsoft.com/en-us/windows/win32/termserv/setspecifiedlicenseserverlist-win32-terminalservicesetting',
  azureNoLicenseServer: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/troubleshoot-rdp-no-license-server',
  terminalServerPolicyCsp: 'https://learn.microsoft.com/windows/client-management/mdm/policy-csp-admx-terminalserver',
  createTscGroup: 'https://learn.microsoft.com/en-us/windows/win32/termserv/createtscgroup-win32-tslicenseserver',
  /** MS-RDPBCGR 5.3.3.2: a server without an LS-issued X.509 chain falls back to a proprietary certificate. */
  proprietaryCertificate: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-rdpbcgr/fff7099d-d473-4137-ba31-78f70b0ddc22',
  /** Group Policy registry extension: policy keys are rewritten (values added and deleted) at every refresh. */
  gpregProcessing: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-gpreg/57226664-ce00-4487-994e-a6b3820f3e49',
} as const;
