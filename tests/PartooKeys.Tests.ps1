<#
    Pester 5 stories for pwsh users (and Windows PowerShell 5.1): the simulator runs as its own process, the
    module is the built out/PartooKeys. Run them all with ./build.ps1 -Task Test; one file alone with
    Invoke-Pester tests/PartooKeys.Tests.ps1 after a build. How to write one: tests/Pester/PartooKeys.TestHelpers.psm1.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
}

AfterAll { Stop-PartooStory }

Describe 'PartooKeys user stories' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'shows the connection without the key' {
        $connection = Get-PartooConnection
        "$($connection.BaseUri)" | Should -Be "$((Get-PartooSimulator).BaseUri)"
        ($connection | Out-String) | Should -Not -Match ([regex]::Escape((Get-PartooSimulator).ApiKey))
    }

    It 'lists expired bot keys and exports them to CSV' {
        $csv = Join-Path $TestDrive 'expired-bot-keys.csv'
        Get-PartooApiKey -Status Expired -Type Bot | Export-Csv -Path $csv -NoTypeInformation
        $rows = Import-Csv -Path $csv
        $rows.Count | Should -BeGreaterThan 0
        $rows | ForEach-Object { $_.Status | Should -Be 'Expired'; $_.UserType | Should -Be 'bot' }
    }

    It 'lists every key once in Partoo''s order with pages in flight, timestamps in UTC' {
        Connect-PartooSimulator -Parameters @{ MaxConcurrency = 3 }
        Set-SimKnob @{ Latency = 20 }
        Clear-SimRequests
        $keys = Get-PartooApiKey -PageSize 2
        $stored = @(Get-SimKey | Sort-Object Id)
        $keys.Id | Should -Be $stored.Id
        @(Get-SimRequests -Method GET -PathLike '*/api_keys') | Should -HaveCount ([math]::Ceiling($stored.Count / 2))
        $crm = $keys | Where-Object Id -eq 1002
        $crm.LastUsedAt | Should -Be ([DateTimeOffset]::new(2024, 3, 1, 3, 30, 0, 500, [TimeSpan]::Zero))
        $crm.LastUsedAt.Offset | Should -Be ([TimeSpan]::Zero)
        $crm.CreatedAt | Should -Be ([DateTimeOffset]::new(2024, 1, 1, 2, 59, 59, [TimeSpan]::Zero))
        ($keys | Where-Object Id -eq 1001).LastUsedAt | Should -Be ([DateTimeOffset]::new(2024, 3, 1, 7, 0, 0, [TimeSpan]::Zero))
        $crm.Permissions | Should -Be @('business_edit', 'business_edit_hours', 'review_read')
    }

    It 'rides out a transient 503 and finds a leaked secret without showing it' {
        Add-SimFault @{ Kind = 'Html503'; MaxTimes = 1 }
        Connect-PartooSimulator @{ RetryBaseDelaySec = 0.01 }
        $leaked = (New-Object System.Net.NetworkCredential('', 'sim-secret-1010')).SecurePassword
        $found = Get-PartooApiKey -KeyValue $leaked -Verbose 4>&1
        ($found | Where-Object { $_ -is [PartooKeys.ApiKey] }).Id | Should -Be 1010
        ($found | Out-String) | Should -Not -Match 'sim-secret-1010'
        @(Get-SimRequests | Where-Object Status -eq 503) | Should -HaveCount 1
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
        Clear-SimRequests
        $findings = @($keys | Get-PartooApiKeyAudit -Rule NoExpiration)
        $findings.KeyId | Should -Contain 1009
        @(Get-SimRequests) | Should -HaveCount 0
    }

    It 'creates a least-privilege key and stores its secret straight into the vault' {
        Set-SimKnob IncludeSecretInCreateAnswer $true
        $key = New-PartooApiKey -Label 'Pester reviews bot' -Permission review_read, review_reply -IpWhitelist '198.51.100.0/24' -ExpirationDate (Get-Date).AddDays(30) -SecretName PesterNewKey
        $key.HasRestrictedPermissions | Should -BeTrue
        $key.Secret | Should -BeNullOrEmpty
        $serverSecret = (Get-SimKey -Id $key.Id).Secret
        (Get-Secret -Name PesterNewKey -AsPlainText) -eq $serverSecret | Should -BeTrue
        ($key | Out-String) -match [regex]::Escape($serverSecret) | Should -BeFalse
    }

    It 'adds a permission without dropping the ones the key''s user lacks' {
        Set-PartooApiKey -Id 1011 -AddPermission post_read
        (Get-PartooApiKey -Id 1011 -IncludeAllPermissions).Permissions | Should -Be @('review_read', 'review_reply', 'post_create', 'analytics_read', 'post_read')
    }

    It 'revokes in bulk: a warning for a revoked key, an error for an unknown id, the rest revoked' {
        $revoked = 1004, 999999, 1008 | Revoke-PartooApiKey -Force -PassThru -WarningVariable warnings -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $warnings[0] | Should -BeLike "*API key 1004 'Old importer' is already revoked*"
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RevokePartooApiKeyNotFound*'
        ($revoked | Where-Object Id -eq 1008).Status | Should -Be 'Disabled'
    }
}
