<#
.SYNOPSIS
    Builds, tests and packages PartooKeys. The same plain dotnet commands work without pwsh.
.EXAMPLE
    ./build.ps1                 # Build: lays out the importable module at out/PartooKeys
.EXAMPLE
    ./build.ps1 -Task Test      # xunit suites (hosted engine + simulator), then Pester if installed
.EXAMPLE
    ./build.ps1 -Task Package   # out/PartooKeys-<version>.zip, ready for Publish-Module / Publish-PSResource
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    Write-Verbose "dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build src/PartooKeys/PartooKeys.csproj -c $Configuration
}

function Invoke-Test {
    Invoke-Dotnet test PartooKeys.sln -c $Configuration
    if (Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' }) {
        $result = Invoke-Pester -Path tests/PartooKeys.Tests.ps1 -Output Detailed -PassThru
        if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
    }
    else {
        Write-Warning 'Pester 5 is not installed: skipping tests/PartooKeys.Tests.ps1 (Install-Module Pester -MinimumVersion 5.0).'
    }
}

function Invoke-Package {
    Invoke-Build
    $version = (Import-PowerShellDataFile -Path PartooKeys.psd1).ModuleVersion
    $zip = Join-Path out "PartooKeys-$version.zip"
    Compress-Archive -Path out/PartooKeys -DestinationPath $zip -Force
    Write-Host "Packaged $zip"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
}
