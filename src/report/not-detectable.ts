/**
 * What registry hives cannot show about RDS licensing (rds-licensing-audit.md section C, "Not detectable"): printed
 * in every host report so a quiet report is not read as proof of these.
 */
export interface NotDetectableSection {
  readonly title: string;
  readonly intro: string;
  readonly items: readonly { readonly what: string; readonly where: string }[];
}

export const NOT_DETECTABLE: NotDetectableSection = {
  title: 'Not visible in registry hives',
  intro: 'rdslic reads only the registry. It cannot see the following; check them on the systems named.',
  items: [
    {
      what: 'Active Directory group membership: the license server in the domain\'s "Terminal Server License Servers" group (S-1-5-32-561) and the SELF "Read and write Terminal Server license server" delegation that Per User tracking needs; session hosts in the license server\'s RDS Endpoint Servers group unless its SAM hive is supplied',
      where: 'Active Directory, or the license server\'s SAM hive',
    },
    { what: 'Whether the license server is activated', where: 'RD Licensing Manager or WMI GetActivationStatus on the license server (its database under %SystemRoot%\\System32\\LServer)' },
    { what: 'The CAL packs installed: their number, type (Per User or Per Device) and version', where: 'RD Licensing Manager on the license server' },
    { what: 'Whether the session host can reach the license server over the network', where: 'RD Licensing Diagnoser on the session host' },
    { what: 'The NETWORK SERVICE credentials (cmdkey) that workgroup session hosts need since the CVE-2024-38099 hardening', where: 'the NETWORK SERVICE credential vault (a file, not the registry) on each session host' },
    { what: 'Binary patching of termsrv.dll (its ServiceDll path stays the same)', where: 'the file\'s version and hash against the Windows build' },
  ],
};
