<#
.SYNOPSIS
    Runs the Pester stories (tests/*.Tests.ps1) in this shell with Pester 5.7.1 from the NuGet packages folder
    (restored by tests/PesterModule). build.ps1 -Task Test and -Task Pester call it in a child shell.
.PARAMETER Path
    Story files; default every tests/*.Tests.ps1.
.PARAMETER PesterManifest
    Pester.psd1 to import (default: <NuGet packages>/pester/5.7.1/tools/Pester.psd1).
.PARAMETER ResultPath
    Writes {"passed":N,"failed":N,"total":N} there.
.OUTPUTS
    Exit code 0 only when something ran and nothing failed.
#>
[CmdletBinding()]
param(
    [string[]] $Path,
    [Parameter(Mandatory)][string] $PesterManifest,
    [string] $ResultPath,
    [string] $Verbosity = 'Detailed'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
if (-not $Path) { $Path = @(Get-ChildItem -Path (Join-Path $root 'tests') -Filter '*.Tests.ps1' -File | ForEach-Object FullName) }

Get-Module Pester | Remove-Module -Force   # Windows PowerShell ships Pester 3.4
Import-Module $PesterManifest -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Verbosity
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path $root 'out/TestResults/pester.xml'
$null = New-Item -ItemType Directory -Force -Path (Join-Path $root 'out/TestResults')
$result = Invoke-Pester -Configuration $configuration

# A file that failed to run (parse error) counts as a failure, and so does a failed AfterAll.
$failed = $result.FailedCount + $result.FailedContainersCount
if ($failed -eq 0) { $failed = $result.FailedBlocksCount }
if ($ResultPath) {
    @{ passed = $result.PassedCount; failed = $failed; total = $result.TotalCount } | ConvertTo-Json -Compress | Set-Content -LiteralPath $ResultPath -Encoding ascii
}
if ($result.TotalCount -eq 0) { Write-Host 'Pester found no test to run.'; exit 1 }
if ($failed -gt 0) { exit 1 }
exit 0
