<#
    Listing many keys through the pipeline: 250 keys are three pages of 100. A pipeline that stops early
    (Select-Object -First) stops the listing too: the simulator's log shows fewer pages were asked for.
    Partoo's rate limit is on (300 a minute): the file makes about 20 requests, and no It may meet a 429 from it.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory -SimulatorArguments '--keys', '250' -MaxRequestsPerMinute 300
}

AfterAll { Stop-PartooStory }

Describe 'A long listing in the pipeline' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    AfterEach {
        Get-SimRateLimited | Should -Be 0 -Because "the module keeps within Partoo's 300 requests a minute"
    }

    It 'reads every page when the whole listing is used' {
        $keys = @(Get-PartooApiKey)
        $keys.Count | Should -Be 250
        @($keys.Id | Select-Object -Unique).Count | Should -Be 250
        @(Get-SimRequests -Method GET -PathLike '/v2/api_keys') | Should -HaveCount 3
    }

    It 'stops asking for pages when Select-Object -First 3 has what it needs' {
        $keys = @(Get-PartooApiKey | Select-Object -First 3)
        $keys.Id | Should -Be @(1000, 1001, 1002)
        @(Get-SimRequests -Method GET -PathLike '/v2/api_keys').Count | Should -BeLessThan 3
    }

    It 'reads only the pages -First needs' {
        @(Get-PartooApiKey -First 150).Count | Should -Be 150
        @(Get-SimRequests -Method GET -PathLike '/v2/api_keys') | Should -HaveCount 2
    }

    It 'counts every matching key with -IncludeTotalCount' {
        $all = Get-PartooApiKey -First 1 -IncludeTotalCount
        $total = $all | Where-Object { $_ -isnot [PartooKeys.ApiKey] }
        "$total" | Should -Match '250'
    }

    It 'streams into Export-Csv without losing a key' {
        $csv = Join-Path $TestDrive 'all.csv'
        Get-PartooApiKey | Export-Csv -Path $csv -NoTypeInformation
        @(Import-Csv -Path $csv).Count | Should -Be 250
    }

    It 'feeds Group-Object and Measure-Object' {
        $groups = Get-PartooApiKey | Group-Object UserType
        ($groups | Measure-Object Count -Sum).Sum | Should -Be 250
        ($groups | Where-Object Name -eq 'bot').Count | Should -Be 125
    }
}
