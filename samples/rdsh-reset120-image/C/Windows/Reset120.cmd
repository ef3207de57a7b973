@echo off
rem Reset the RDS grace period
regedit /s C:\Windows\Reset120.reg
net stop TermService /y
net start TermService
