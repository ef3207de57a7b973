# Report the RDS grace days left
$ts = Get-WmiObject -Namespace root\cimv2\terminalservices -Class Win32_TerminalServiceSetting
$days = $ts.GetGracePeriodDays().DaysLeft
reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\RCM\GracePeriod"
Write-Output "Grace days left: $days"
