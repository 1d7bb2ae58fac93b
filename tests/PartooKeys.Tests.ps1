#Requires -Version 7.4
<#
    Pester 5 stories for pwsh users: the same user stories the xunit engine tests prove, run in a
    real pwsh against the simulator. Run with ./build.ps1 -Task Test (it builds everything first).
    The simulator targets .NET 10, so these run on PowerShell 7.6 or later; older pwsh skips them.
#>

BeforeDiscovery {
    $script:CanRun = [Environment]::Version.Major -ge 10
}

Describe 'PartooKeys user stories' -Skip:(-not $CanRun) {
    BeforeAll {
        $root = Split-Path -Parent $PSScriptRoot
        $testModules = Join-Path $PSScriptRoot 'PartooKeys.Tests/TestModules'
        $env:PSModulePath = $testModules + [IO.Path]::PathSeparator + $env:PSModulePath
        $simulatorDll = Get-ChildItem -Path (Join-Path $PSScriptRoot 'PartooKeys.Simulator/bin') -Recurse -Filter PartooKeys.Simulator.dll |
            Sort-Object LastWriteTime -Descending | Select-Object -First 1
        Add-Type -Path $simulatorDll.FullName
        $script:Simulator = [PartooKeys.Simulator.PartooSimulator]::StartAsync($null).GetAwaiter().GetResult()
        Import-Module (Join-Path $root 'out/PartooKeys/PartooKeys.psd1') -Force
        $key = [System.Net.NetworkCredential]::new('', $Simulator.CallerKey).SecurePassword
        Set-Secret -Name PartooApiKey -Secret $key
        Connect-Partoo -BaseUri $Simulator.BaseUri
    }

    AfterAll {
        Disconnect-Partoo
        Remove-Module PartooKeys -ErrorAction SilentlyContinue
        if ($Simulator) { $Simulator.DisposeAsync().AsTask().GetAwaiter().GetResult() }
    }

    It 'shows the connection without the key' {
        $connection = Get-PartooConnection
        $connection.SecretName | Should -Be 'PartooApiKey'
        ($connection | Out-String) | Should -Not -Match ([regex]::Escape($Simulator.CallerKey))
    }

    It 'lists expired bot keys and exports them to CSV' {
        $csv = Join-Path $TestDrive 'expired-bot-keys.csv'
        Get-PartooApiKey -Status Expired -Type Bot | Export-Csv -Path $csv -NoTypeInformation
        $rows = Import-Csv -Path $csv
        $rows.Count | Should -BeGreaterThan 0
        $rows | ForEach-Object { $_.Status | Should -Be 'Expired'; $_.UserType | Should -Be 'bot' }
    }

    It 'reads keys by id from the pipeline' {
        (1001, 1002 | Get-PartooApiKey).Id | Should -Be @(1001, 1002)
    }

    It 'reports an unknown id and still returns the others' {
        $keys = Get-PartooApiKey -Id 1001, 999999, 1003 -ErrorVariable failures -ErrorAction SilentlyContinue
        $keys.Id | Should -Be @(1001, 1003)
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyNotFound*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'asks for one page for -First 5' {
        $Simulator.ClearRequests()
        (Get-PartooApiKey -First 5).Count | Should -Be 5
        $Simulator.Requests.Count | Should -Be 1
    }

    It 'rides out a transient 503 and finds a leaked secret without showing it' {
        $Simulator.Knobs.Faults.Add([PartooKeys.Simulator.FaultRule]@{ Kind = 'Html503'; MaxTimes = 1 })
        try {
            Connect-Partoo -BaseUri $Simulator.BaseUri -RetryBaseDelaySec 0.01
            $leaked = [System.Net.NetworkCredential]::new('', 'sim-secret-1010').SecurePassword
            $found = Get-PartooApiKey -KeyValue $leaked -Verbose 4>&1
            ($found | Where-Object { $_ -is [PartooKeys.ApiKey] }).Id | Should -Be 1010
            ($found | Out-String) | Should -Not -Match 'sim-secret-1010'
        }
        finally { $Simulator.Knobs.Faults.Clear() }
    }

    It 'audits the active keys and exports the findings to CSV' {
        $csv = Join-Path $TestDrive 'partoo-key-audit.csv'
        $findings = @(Get-PartooApiKeyAudit)
        $findings.Count | Should -BeGreaterThan 0
        $findings[0].Severity | Should -Be 'High'
        ($findings | Where-Object Rule -eq 'DormantPermissions').KeyId | Should -Contain 1011
        $findings | Select-Object Severity, KeyId, Label, Rule, Detail, Recommendation | Export-Csv -Path $csv -NoTypeInformation
        $rows = Import-Csv -Path $csv
        $rows.Count | Should -Be $findings.Count
        $rows[0].Recommendation | Should -Be $findings[0].Recommendation
    }

    It 'counts the keys breaking each rule with -Summary' {
        $findings = @(Get-PartooApiKeyAudit -Rule Unrestricted, NoExpiration)
        $summary = @(Get-PartooApiKeyAudit -Rule Unrestricted, NoExpiration -Summary)
        $summary.Count | Should -Be 2
        foreach ($line in $summary) { $line.Count | Should -Be @($findings | Where-Object Rule -eq $line.Rule).Count }
    }

    It 'audits piped keys without listing again' {
        $keys = Get-PartooApiKey -Status Active
        $Simulator.ClearRequests()
        $findings = @($keys | Get-PartooApiKeyAudit -Rule NoExpiration)
        $findings.KeyId | Should -Contain 1009
        $Simulator.Requests.Count | Should -Be 0
    }

    It 'has help with examples for every cmdlet' {
        foreach ($command in Get-Command -Module PartooKeys) {
            (Get-Help $command.Name).Synopsis | Should -Not -BeNullOrEmpty
            @((Get-Help $command.Name -Examples).examples.example).Count | Should -BeGreaterOrEqual 2
        }
    }

    It 'creates a least-privilege key and stores its secret straight into the vault' {
        $Simulator.Knobs.IncludeSecretInCreateAnswer = $true
        try {
            $key = New-PartooApiKey -Label 'Pester reviews bot' -Permission review_read, review_reply -IpWhitelist '198.51.100.0/24' -ExpirationDate (Get-Date).AddDays(30) -SecretName PesterNewKey
        } finally { $Simulator.Knobs.IncludeSecretInCreateAnswer = $false }
        $key.HasRestrictedPermissions | Should -BeTrue
        $key.Secret | Should -BeNullOrEmpty
        $serverSecret = ($Simulator.Keys | Where-Object Id -eq $key.Id).Secret
        (Get-Secret -Name PesterNewKey -AsPlainText) -eq $serverSecret | Should -BeTrue
        ($key | Out-String) -match [regex]::Escape($serverSecret) | Should -BeFalse
    }

    It 'adds a permission without dropping the ones the key''s user lacks' {
        Set-PartooApiKey -Id 1011 -AddPermission post_read
        (Get-PartooApiKey -Id 1011 -IncludeAllPermissions).Permissions | Should -Be @('review_read', 'review_reply', 'post_create', 'analytics_read', 'post_read')
    }

    It 'refuses an expiration date before tomorrow and sends nothing' {
        $Simulator.ClearRequests()
        { Set-PartooApiKey -Id 1009 -ExpirationDate (Get-Date).AddDays(-1) -ErrorAction Stop } | Should -Throw -ErrorId 'SetPartooApiKeyInvalidExpirationDate*'
        $Simulator.Requests.Count | Should -Be 0
    }

    It 'previews revoking the expired keys with -WhatIf' {
        $Simulator.ClearRequests()
        Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -WhatIf
        @($Simulator.Requests | Where-Object Method -eq 'POST').Count | Should -Be 0
        (Get-PartooApiKey -Id 1006).Disabled | Should -BeFalse
    }

    It 'revokes in bulk: a warning for a revoked key, an error for an unknown id, the rest revoked' {
        $revoked = 1004, 999999, 1008 | Revoke-PartooApiKey -Force -PassThru -WarningVariable warnings -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $warnings[0] | Should -BeLike "*API key 1004 'Old importer' is already revoked*"
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RevokePartooApiKeyNotFound*'
        ($revoked | Where-Object Id -eq 1008).Status | Should -Be 'Disabled'
    }
}
