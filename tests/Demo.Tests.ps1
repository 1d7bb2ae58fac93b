<#
    The README's "try it" command: build.ps1 -Task Demo starts a simulator with demo keys and a shell connected
    to it; -Command runs a script there instead of a prompt and exits with its status; leaving stops the
    simulator. Also build.ps1 -Task Package. Both run with -NoBuild here: the test command has just built,
    and this process has out/PartooKeys loaded.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
    $script:BuildScript = Join-Path (Get-PartooRepositoryRoot) 'build.ps1'

    function Invoke-Build([string] $Arguments) {
        $run = Invoke-PartooChildShell -NoConnect "& '$BuildScript' $Arguments; exit `$LASTEXITCODE"
        $run.Text = $run.Text -replace "$([char]27)\[[0-9;]*m", ''   # the demo shell keeps its colours
        $run
    }
}

AfterAll { Stop-PartooStory }

Describe 'build.ps1 -Task Demo -Command' {
    It 'lists demo keys and an audit summary, then stops the simulator' {
        $script = 'Get-PartooApiKey -First 5 | Format-Table Id, Label, Status; Get-PartooApiKeyAudit -Summary | Format-Table Rule, Count; "address=$((Get-PartooConnection).BaseUri)"'
        $run = Invoke-Build "-Task Demo -NoBuild -Command '$($script -replace "'", "''")'"
        $run.ExitCode | Should -Be 0
        # The demo seed is fixed (DemoData.cs: 300 keys from one random seed, dates relative to today): its first keys
        # and its audit counts are literals here, so a listing or an audit that goes wrong fails this story.
        $rows = @($run.Text -split '\r?\n' | Where-Object { $_ -match '^\s*(\d+)\s+(.+?)\s+(Active|Expired|Disabled)\s*$' } | ForEach-Object { "$($Matches[1]) $($Matches[2])|$($Matches[3])" })
        $rows | Should -Be @(
            '1 PartooKeys demo (you)|Active'
            '2 Marketing site - Lyon|Active'
            '3 Agency dashboard - Paris|Active'
            '4 Franchise portal - Brussels|Active'
            '5 Data warehouse - Berlin|Active'
        )
        $counts = @{}
        foreach ($match in [regex]::Matches($run.Text, '(?m)^\s*(?<rule>[A-Za-z]+)\s+(?<count>\d+)\s*$')) { $counts[$match.Groups['rule'].Value] = [int] $match.Groups['count'].Value }
        $expected = @{ Unrestricted = 101; NoExpiration = 89; NoIpRestriction = 178; Unused = 57; ExpiringSoon = 36; DormantPermissions = 23; UnknownPermission = 0; MissingDependency = 92 }
        foreach ($rule in $expected.Keys) { $counts[$rule] | Should -Be $expected[$rule] -Because "the demo seed has $($expected[$rule]) $rule finding(s)" }
        $run.Text -match 'address=(\S+)' | Should -BeTrue
        $address = $Matches[1]
        $address | Should -Match '^http://127\.0\.0\.1:\d+/v2/$'
        { Invoke-WebRequest -Uri "${address}api_keys" -UseBasicParsing -TimeoutSec 5 } | Should -Throw
    }

    It 'exits with the script''s status' {
        (Invoke-Build "-Task Demo -NoBuild -Command 'exit 3'").ExitCode | Should -Be 3
    }

    It 'writes nothing to a vault' {
        $script = '"source=$((Get-PartooConnection).KeySource)"; "secrets=$(@(Get-SecretInfo).Count)"'
        $run = Invoke-Build "-Task Demo -NoBuild -Command '$($script -replace "'", "''")'"
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match '(?m)^source=(?!SecretManagement|Vault)\w+\s*$'
        $run.Text | Should -Match '(?m)^secrets=0\s*$'
    }
}

# PSResourceGet makes the .nupkg: in PowerShell 7.4+, not in a bare Windows PowerShell 5.1.
Describe 'build.ps1 -Task Package' -Skip:(-not (Get-Command Compress-PSResource -ErrorAction SilentlyContinue)) {
    It 'makes out/PartooKeys.zip with the PartooKeys folder at its root, and out/PartooKeys.<version>.nupkg' {
        $run = Invoke-Build '-Task Package -NoBuild'
        $run.ExitCode | Should -Be 0
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys.zip'))
        try { $names = @($zip.Entries | ForEach-Object { $_.FullName -replace '\\', '/' }) } finally { $zip.Dispose() }
        $names | Should -Contain 'PartooKeys/PartooKeys.psd1'
        $names | Should -Contain 'PartooKeys/PartooKeys.dll'
        $names | ForEach-Object { $_ | Should -BeLike 'PartooKeys/*' }
        $version = (Import-PowerShellDataFile -LiteralPath (Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys/PartooKeys.psd1')).ModuleVersion
        @(Get-ChildItem -Path (Join-Path (Get-PartooRepositoryRoot) 'out') -Filter '*.nupkg' | ForEach-Object Name) | Should -Be @("PartooKeys.$version.nupkg")
    }
}

Describe 'build.ps1 -Task Demo where SecretManagement and a default vault are installed' {
    BeforeAll {
        # A stand-in for the user's real SecretManagement (the test double, with its default vault 'TestVault') that
        # leaves a mark when anything imports it: reading or writing its vaults needs the module imported.
        $script:Installed = Join-Path $TestDrive 'installed'
        $copy = Join-Path $Installed 'Microsoft.PowerShell.SecretManagement'
        Copy-Item -LiteralPath (Join-Path (Get-PartooRepositoryRoot) 'tests/PartooKeys.Tests/TestModules/Microsoft.PowerShell.SecretManagement') -Destination $copy -Recurse
        $script:ImportMark = Join-Path $TestDrive 'real-secretmanagement-imported.txt'
        $psm1 = Join-Path $copy 'Microsoft.PowerShell.SecretManagement.psm1'
        Set-Content -LiteralPath $psm1 -Value ("Set-Content -LiteralPath '$ImportMark' -Value imported`n" + (Get-Content -Raw -LiteralPath $psm1))
    }

    It 'connects with -ApiKey only and never loads the installed SecretManagement, even for -SecretName and PARTOO_VAULT' {
        $saved = @{ PSModulePath = $env:PSModulePath; PARTOO_VAULT = $env:PARTOO_VAULT; PARTOO_SECRET_NAME = $env:PARTOO_SECRET_NAME }
        $env:PSModulePath = $Installed + [IO.Path]::PathSeparator + $env:PSModulePath
        $env:PARTOO_VAULT = 'TestVault'
        $env:PARTOO_SECRET_NAME = 'PartooKey'
        try {
            $script = 'New-PartooApiKey -Label ''Demo vault'' -Permission review_read -ExpirationDate (Get-Date).AddDays(30) -SecretName DemoSecret -Confirm:$false -WarningAction SilentlyContinue | Out-Null; ' +
                '"source=$((Get-PartooConnection).KeySource)"; "vaultenv=$env:PARTOO_VAULT"; @(Get-SecretInfo) | Out-Null; "secretmanagement=$((Get-Module Microsoft.PowerShell.SecretManagement).ModuleBase)"'
            $run = Invoke-Build "-Task Demo -NoBuild -Command '$($script -replace "'", "''")'"
        }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match '(?m)^source=(?!SecretManagement)\w+\s*$'
        $run.Text | Should -Match '(?m)^vaultenv=\s*$'
        $run.Text -match '(?m)^secretmanagement=(.+)$' | Should -BeTrue
        $Matches[1].Trim() | Should -BeLike (Join-Path (Get-PartooRepositoryRoot) 'tests/PartooKeys.Tests/TestModules*')
        $ImportMark | Should -Not -Exist
    }
}
