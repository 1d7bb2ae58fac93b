<#
    What a user sees at a prompt: the default table, Format-List, Select-Object, Export-Csv/Import-Csv,
    Where-Object, help examples, tab completion, -WhatIf text, errors in $Error[0] with their ErrorIds and
    categories. Host-only output (tables at a prompt, -WhatIf) is read from a child shell.
#>

BeforeDiscovery {
    $manifest = Import-PowerShellDataFile -Path (Join-Path (Split-Path -Parent $PSScriptRoot) 'PartooKeys.psd1')
    $script:Cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
}

AfterAll { Stop-PartooStory }

Describe 'Output at a prompt' {
    BeforeAll {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'shows a table with Id, Label and Status by default' {
        $text = Get-PartooApiKey -First 3 | Out-String
        $lines = @($text -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^\s*Id\s+Label\s+.*Status'
        $lines[1] | Should -Match '^\s*-+\s+-+'
        $lines.Count | Should -Be 5   # header, rule, three keys
        $lines[2] | Should -Match '^\s*1001\s+Automation\s'
    }

    It 'shows the same table in a child shell at the prompt (host output)' {
        $run = Invoke-PartooChildShell 'Get-PartooApiKey -Id 1006'
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'Id\s+Label'
        $run.Text | Should -Match '1006\s+Expired bot\s+Expired'
    }

    It 'lists every property with Format-List' {
        $text = Get-PartooApiKey -Id 1002 | Format-List | Out-String
        foreach ($name in 'Id', 'Label', 'Status', 'ExpirationDate', 'Permissions', 'IpWhitelist', 'UserName') {
            $text | Should -Match "(?m)^$name\s+:"
        }
        $text | Should -Match 'CRM sync'
    }

    It 'selects properties with Select-Object' {
        $rows = @(Get-PartooApiKey -Status Expired | Select-Object Id, Label)
        $rows.Id | Should -Be @(1006, 1007)
        @($rows[0].PSObject.Properties.Name) | Should -Be @('Id', 'Label')
    }

    It 'filters with Where-Object' {
        $bots = @(Get-PartooApiKey -Status Active | Where-Object UserType -eq 'bot')
        $bots.Count | Should -BeGreaterThan 0
        $bots | ForEach-Object { $_.UserType | Should -Be 'bot'; $_.Status | Should -Be 'Active' }
        $bots.Id | Should -Contain 1001
    }

    It 'exports to CSV and reads the ids back through the pipeline (Import-Csv in)' {
        $csv = Join-Path $TestDrive 'keys.csv'
        Get-PartooApiKey -Id 1002, 1010 | Export-Csv -Path $csv -NoTypeInformation
        $rows = @(Import-Csv -Path $csv)
        $rows.Id | Should -Be @('1002', '1010')
        $rows[0].Label | Should -Be 'CRM sync'
        (Get-Content -Raw $csv) | Should -Not -Match 'sim-secret'
        Clear-SimRequests
        (Import-Csv -Path $csv | Get-PartooApiKey).Label | Should -Be @('CRM sync', 'Office only')
        @(Get-SimRequests -Method GET -PathLike '/v2/api_keys/*') | Should -HaveCount 2
    }
}

Describe 'Help' {
    It 'Get-Help <Name> -Examples shows examples with code' -ForEach $Cmdlets {
        $help = Get-Help $Name -Examples
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 1
        foreach ($example in $examples) { $example.code | Should -Not -BeNullOrEmpty }
        ($help | Out-String) | Should -Match ([regex]::Escape($Name))
    }

    It 'has the about_PartooKeys topic' {
        (Get-Help about_PartooKeys | Out-String) | Should -Match 'ERRORS'
    }
}

Describe 'Tab completion' {
    BeforeAll {
        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText)
        }
    }

    It 'completes cmdlet names' {
        Get-Completion 'Get-PartooApi' | Should -Contain 'Get-PartooApiKey'
        Get-Completion 'Get-PartooApi' | Should -Contain 'Get-PartooApiKeyAudit'
    }

    It 'completes -Status values' {
        $values = Get-Completion 'Get-PartooApiKey -Status '
        foreach ($status in 'Active', 'Inactive', 'Disabled', 'Expired') { $values | Should -Contain $status }
    }

    It 'completes permission names for Set-PartooApiKey -AddPermission' {
        $values = Get-Completion 'Set-PartooApiKey -Id 1002 -AddPermission review_'
        $values | Should -Contain 'review_read'
        $values | ForEach-Object { $_ | Should -BeLike 'review_*' }
    }

    It 'completes audit rules' {
        $values = Get-Completion 'Get-PartooApiKeyAudit -Rule '
        foreach ($rule in 'Unrestricted', 'NoExpiration', 'DormantPermissions') { $values | Should -Contain $rule }
    }
}

Describe '-WhatIf' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'Revoke-PartooApiKey -WhatIf says what it would revoke and sends no change' {
        $run = Invoke-PartooChildShell 'Get-PartooApiKey -Status Expired | Revoke-PartooApiKey -WhatIf'
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'What if: .*Revoke.*API key 1006 ''Expired bot'''
        $run.Text | Should -Match 'What if: .*API key 1007'
        @(Get-SimRequests -Method POST) | Should -HaveCount 0
        (Get-SimKey -Id 1006).Disabled | Should -BeFalse
    }

    It 'Set-PartooApiKey -WhatIf describes the change and sends no PUT' {
        $run = Invoke-PartooChildShell 'Set-PartooApiKey -Id 1009 -Label ''Reporting v2'' -WhatIf'
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'What if: .*1009'
        $run.Text | Should -Match 'Reporting v2'
        @(Get-SimRequests -Method PUT) | Should -HaveCount 0
    }

    It 'New-PartooApiKey -WhatIf creates nothing' {
        $run = Invoke-PartooChildShell 'New-PartooApiKey -Label ''Preview only'' -Permission review_read -ExpirationDate (Get-Date).AddDays(30) -WhatIf'
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'What if: .*Preview only'
        @(Get-SimRequests -Method POST) | Should -HaveCount 0
    }
}

Describe 'Errors in $Error[0]' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
        $Error.Clear()
    }

    It 'an unknown id is a non-terminating ObjectNotFound error and the others are still read' {
        $keys = @(Get-PartooApiKey -Id 1001, 999999 -ErrorAction SilentlyContinue)
        $keys.Id | Should -Be @(1001)
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyNotFound,*'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($Error[0])" | Should -Match '999999'
    }

    It 'a key Partoo refuses is a terminating AuthenticationError that never shows the key' {
        Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (New-Object System.Net.NetworkCredential('', 'wrong-key-123')).SecurePassword
        { Get-PartooApiKey -First 1 } | Should -Throw
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyUnauthorized,*'
        $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($Error[0] | Format-List * -Force | Out-String) | Should -Not -Match 'wrong-key-123'
        $Error[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'a date before tomorrow is a terminating InvalidArgument error and nothing is sent' {
        Clear-SimRequests
        { Set-PartooApiKey -Id 1009 -ExpirationDate (Get-Date).AddDays(-1) } | Should -Throw
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'SetPartooApiKeyInvalidExpirationDate,*'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-SimRequests) | Should -HaveCount 0
    }

    It 'an unknown vault is ObjectNotFound with what to do' {
        { Connect-Partoo -Vault NoSuchVault -BaseUri (Get-PartooSimulator).BaseUri -ErrorAction Stop } | Should -Throw
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'ConnectPartooVaultNotFound,*'
        $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $Error[0].ErrorDetails.RecommendedAction | Should -Match 'Get-SecretVault|Register-SecretVault'
    }
}
