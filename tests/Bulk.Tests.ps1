#Requires -Version 5.1
<#
    Issue 12 in a real shell: -WhatIf (what a prompt asks) goes in input order; adding a permission to keys from an
    -IncludeAllPermissions listing reads no key again. Output order, errors in place and Ctrl+C with writes in
    flight are proven by the engine tests (BulkChangeTests), with the same inputs. The simulator is its own
    process; the keys are generated (1000 is the caller; odd ids are user keys). Partoo's rate limit is on
    (300 a minute): the file makes well under 100 requests, and no It may meet a 429 from it.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory -SimulatorArguments '--keys', '40' -MaxRequestsPerMinute 300
}

AfterAll { Stop-PartooStory }

Describe 'Bulk changes' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    AfterEach {
        Get-SimRateLimited | Should -Be 0 -Because "the module keeps within Partoo's 300 requests a minute"
    }

    It 'shows what -WhatIf would do in input order, and sends nothing' {
        $keys = Get-PartooApiKey -Id 1001, 1002, 1003
        Clear-SimRequests
        $text = (Invoke-PartooChildShell -Script "Get-PartooApiKey -Id 1001, 1002, 1003 | Revoke-PartooApiKey -WhatIf").Text

        $positions = $keys | ForEach-Object { $text.IndexOf("API key $($_.Id) ") }
        $positions | Should -Not -Contain -1
        ($positions | Sort-Object) | Should -Be $positions
        @(Get-SimRequests -Method POST) | Should -HaveCount 0
    }

    It 'adds a permission to keys from an -IncludeAllPermissions listing with one PUT per key and no read' {
        $users = 1001..1039 | Where-Object { $_ % 2 -eq 1 }
        foreach ($id in $users) { $null = Set-SimKey $id @{ HasRestrictedPermissions = $true; Permissions = @('business_edit') } }
        Clear-SimRequests

        Get-PartooApiKey -Type User -IncludeAllPermissions | Set-PartooApiKey -AddPermission review_read -Confirm:$false

        @(Get-SimRequests -Method PUT) | Should -HaveCount $users.Count
        @(Get-SimRequests -Method GET -PathLike '/v2/api_keys/*') | Should -HaveCount 0
        foreach ($id in $users) { (Get-SimKey $id).Permissions | Should -Contain 'review_read' }
    }
}
