# A create whose answer is lost after Partoo made the key: what the user reads, and that its advice works.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
}
AfterAll { Stop-PartooStory }
Describe 'A create whose answer is lost' {
    It 'names the key Partoo made, sends no second create, and its advice leaves one working key' {
        Add-SimFault @{ Kind = 'ApplyThenReset'; Method = 'POST'; PathContains = '/api_keys'; MaxTimes = 1 }

        $failure = try { New-PartooApiKey -Label 'Nightly export' -ErrorAction Stop } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'NewPartooApiKeyCreateOutcomeUnknown,*'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        "$failure" | Should -BeLike "Partoo created API key * 'Nightly export', but its answer, with the new key's secret, was lost: *"
        $failure.ErrorDetails.RecommendedAction -match '^The secret of key (\d+) cannot be read again: revoke it with (Revoke-PartooApiKey -Id \1), then create it again\.' |
            Should -BeTrue -Because $failure.ErrorDetails.RecommendedAction
        $id = [int] $Matches[1]
        $advice = $Matches[2]
        (Get-SimKey -Id $id).Label | Should -Be 'Nightly export'
        @(Get-SimRequests -Method POST) | Should -HaveCount 1
        ($failure | Get-Error | Out-String) | Should -BeLike "*$advice*"

        # Following the advice: revoke the orphan, create again.
        Invoke-Expression "$advice -Force"
        $key = New-PartooApiKey -Label 'Nightly export'
        $key.Id | Should -Not -Be $id
        @(Get-PartooApiKey -SearchText 'Nightly export' -Status Active).Id | Should -Be @($key.Id)
    }
}
