<#
    Changing keys in the pinned pwsh: CSV out and back in (Export-Csv / Import-Csv), changes per CSV row,
    copying a key, and the questions before revoking or widening a key's access.
    Prompts themselves are proven in the engine tests (ChangeKeysPipelineTests, a host that answers);
    here a -NonInteractive child shell shows that a question was asked (it cannot be answered).
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
}

AfterAll { Stop-PartooStory }

Describe 'CSV out and back in' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'writes lists joined by ";" and never a type name' {
        $csv = Join-Path $TestDrive 'keys.csv'
        Get-PartooApiKey -IncludeAllPermissions | Export-Csv -Path $csv -NoTypeInformation
        $text = Get-Content -Path $csv -Raw
        $text | Should -Not -Match 'System\.'
        $row = Import-Csv -Path $csv | Where-Object Id -eq 1010
        $row.IpWhitelist | Should -Be '203.0.113.7;198.51.100.0/24;2001:db8::/32'
        (Import-Csv -Path $csv)[0].PSObject.Properties.Name | Should -Not -Contain 'Secret'
    }

    It 'still shows the lists as lists in Format-List and keeps them usable' {
        $key = Get-PartooApiKey -Id 1010 -IncludeAllPermissions
        ($key | Format-List IpWhitelist | Out-String) | Should -Match '\{203\.0\.113\.7, 198\.51\.100\.0/24, 2001:db8::/32\}'
        $key.IpWhitelist -contains '198.51.100.0/24' | Should -BeTrue
        $key.IpWhitelist.Count | Should -Be 3
        $key.IpWhitelist[-1] | Should -Be '2001:db8::/32'
    }

    It 'recreates keys with identical permissions and IPs from the exported file' {
        $csv = Join-Path $TestDrive 'round-trip.csv'
        $sources = 1002, 1010, 1003 | Get-PartooApiKey -IncludeAllPermissions
        $sources | Export-Csv -Path $csv -NoTypeInformation
        $created = Import-Csv -Path $csv | New-PartooApiKey -ErrorAction Stop
        $created | Should -HaveCount 3
        for ($i = 0; $i -lt 3; $i++) {
            $old = Get-SimKey -Id $sources[$i].Id
            $new = Get-SimKey -Id $created[$i].Id
            $new.Label | Should -Be $old.Label
            $new.HasRestrictedPermissions | Should -Be $old.HasRestrictedPermissions
            if ($old.HasRestrictedPermissions) { @($new.Permissions) | Should -Be @($old.Permissions) }
            @($new.IpWhitelist) | Should -Be @($old.IpWhitelist)
            $new.ExpirationDate | Should -Be $old.ExpirationDate
        }
    }
}

Describe 'CSV rows in' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'creates one key per row; a bad row is an error naming it and the others are created' {
        $csv = Join-Path $TestDrive 'new-keys.csv'
        $day = (Get-Date).AddDays(30).ToString('yyyy-MM-dd')
        @(
            [pscustomobject]@{ Label = 'Hours feed'; ExpirationDate = $day; IpWhitelist = '198.51.100.0/24'; Permissions = 'business_edit;business_edit_hours' }
            [pscustomobject]@{ Label = 'Broken'; ExpirationDate = ''; IpWhitelist = '198.51.100.0/24;nowhere'; Permissions = '' }
            [pscustomobject]@{ Label = 'Reviews'; ExpirationDate = ''; IpWhitelist = ''; Permissions = 'review_read' }
        ) | Export-Csv -Path $csv -NoTypeInformation
        Clear-SimRequests
        $keys = Import-Csv -Path $csv | New-PartooApiKey -ErrorVariable failed -ErrorAction SilentlyContinue
        $keys.Label | Should -Be @('Hours feed', 'Reviews')
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NewPartooApiKeyInvalidIpWhitelist*'
        "$($failed[0])" | Should -Match "label 'Broken'"
        @(Get-SimRequests -Method POST) | Should -HaveCount 2
        $first = (Get-SimRequests -Method POST)[0].Body | ConvertFrom-Json
        $first.expiration_date | Should -Be $day
        @($first.permissions) | Should -Be @('business_edit', 'business_edit_hours')
        $second = (Get-SimRequests -Method POST)[1].Body | ConvertFrom-Json
        $second.PSObject.Properties.Name | Should -Not -Contain 'ip_whitelist'
    }

    It 'applies each row''s changes from a hand-written CSV file to that row''s key; bad rows are named and skipped' {
        # As a user types it: empty cells mean "not given", lists are separated by ';', Clear empties fields.
        $csv = Join-Path $TestDrive 'changes.csv'
        Set-Content -Path $csv -Encoding utf8 -Value @(
            'Id,Label,Description,ExpirationDate,Permissions,AddPermission,IpWhitelist,Clear'
            '1002,,,,,review_reply,,'
            '1009,Reports,,,,,203.0.113.7;198.51.100.0/24,'
            '1008,,,,,Not A Name,,'
            '1010,,,,,,,IpWhitelist'
            '1016,,,,,,,Description;ExpirationDate'
            '1011,,,,review_read;analytics_read,,,'
            '1015,,,,,,10.0.0.1;nowhere,'
        )
        Clear-SimRequests
        $out = @(Import-Csv -Path $csv | Set-PartooApiKey -Force -PassThru -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue)
        $failed | Should -HaveCount 2
        "$($failed[0])" | Should -Match 'key 1008.*Not A Name'
        "$($failed[1])" | Should -Match 'key 1015.*nowhere'
        # The contract: output in input order, each key changed once (the PUTs are in flight together: their arrival order is not promised).
        $out.Id | Should -Be @(1002, 1009, 1010, 1016, 1011)
        (Get-SimRequests -Method PUT).Path | Sort-Object | Should -Be @('/v2/api_keys/1002', '/v2/api_keys/1009', '/v2/api_keys/1010', '/v2/api_keys/1011', '/v2/api_keys/1016')
        $reports = (Get-SimRequests -Method PUT -PathLike '*/1009').Body | ConvertFrom-Json
        $reports.PSObject.Properties.Name | Sort-Object | Should -Be @('ip_whitelist', 'label')
        (Get-SimKey -Id 1002).Permissions | Should -Contain 'review_reply'
        (Get-SimKey -Id 1009).Label | Should -Be 'Reports'
        @((Get-SimKey -Id 1009).IpWhitelist) | Should -Be @('203.0.113.7', '198.51.100.0/24')
        (Get-SimKey -Id 1009).Description | Should -Be 'Never expires'
        @((Get-SimKey -Id 1010).IpWhitelist) | Should -HaveCount 0
        (Get-SimKey -Id 1016).ExpirationDate | Should -BeNullOrEmpty
        (Get-SimKey -Id 1016).Description | Should -BeNullOrEmpty
        @((Get-SimKey -Id 1011).Permissions) | Should -Be @('review_read', 'analytics_read')
        @((Get-SimKey -Id 1015).IpWhitelist) | Should -HaveCount 0
    }
}

Describe 'Copying a key' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'copies label, description, IP whitelist and the full permission list' {
        # A restricted key with several permissions, one of them beyond what its user may do today (dormant).
        $null = Set-SimKey 1010 @{ HasRestrictedPermissions = $true; Permissions = @('business_edit', 'review_read', 'review_reply', 'post_create'); UserPermissions = @('business_edit', 'review_read', 'review_reply') }
        $copy = Get-PartooApiKey -Id 1010 -IncludeAllPermissions | New-PartooApiKey
        $old = Get-SimKey -Id 1010
        $new = Get-SimKey -Id $copy.Id
        $new.Label | Should -Be $old.Label
        $new.Description | Should -Be $old.Description
        @($new.IpWhitelist) | Should -Be @($old.IpWhitelist)
        $new.HasRestrictedPermissions | Should -BeTrue
        @($new.Permissions) | Should -Be @('business_edit', 'review_read', 'review_reply', 'post_create')
        $body = (Get-SimRequests -Method POST).Body | ConvertFrom-Json
        $body.has_restricted_permissions | Should -BeTrue
        @($body.permissions) | Should -Be @('business_edit', 'review_read', 'review_reply', 'post_create')
    }

    It 'reads a key again when its permission list was not complete' {
        Clear-SimRequests
        $copy = Get-PartooApiKey -Id 1011 | New-PartooApiKey -Label 'Successor'
        @(Get-SimRequests -Method GET -PathLike '*/1011' | Where-Object { $_.Query -match 'include_all_permissions' }) | Should -HaveCount 1
        @((Get-SimKey -Id $copy.Id).Permissions) | Should -Be @((Get-SimKey -Id 1011).Permissions)
    }

    It 'keeps an unrestricted key unrestricted' {
        $copy = Get-PartooApiKey -Id 1003 | New-PartooApiKey
        (Get-SimKey -Id $copy.Id).HasRestrictedPermissions | Should -BeFalse
    }
}

Describe 'Questions before revoking or widening access' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'Revoke-PartooApiKey -Force -Confirm still asks' {
        $run = Invoke-PartooChildShell 'Revoke-PartooApiKey -Id 1002 -Force -Confirm'
        $run.ExitCode | Should -Not -Be 0
        (Get-SimKey -Id 1002).Disabled | Should -BeFalse
    }

    It 'Revoke-PartooApiKey -Force revokes without asking; -WhatIf wins over -Force' {
        $run = Invoke-PartooChildShell 'Revoke-PartooApiKey -Id 1002 -Force -WhatIf'
        $run.Text | Should -Match 'What if: .*API key 1002'
        (Get-SimKey -Id 1002).Disabled | Should -BeFalse
        $run = Invoke-PartooChildShell 'Revoke-PartooApiKey -Id 1002 -Force'
        $run.ExitCode | Should -Be 0
        (Get-SimKey -Id 1002).Disabled | Should -BeTrue
    }

    It 'Set-PartooApiKey -Unrestricted asks first; -WhatIf shows it; -Confirm:$false sends it' {
        $run = Invoke-PartooChildShell 'Set-PartooApiKey -Id 1002 -Unrestricted'
        $run.Text | Should -Match 'cannot ask whether to'
        @(Get-SimRequests -Method PUT) | Should -HaveCount 0
        $run = Invoke-PartooChildShell 'Set-PartooApiKey -Id 1002 -Unrestricted -WhatIf'
        $run.Text | Should -Match 'What if: .*unrestricted'
        @(Get-SimRequests -Method PUT) | Should -HaveCount 0
        Set-PartooApiKey -Id 1002 -Unrestricted -Confirm:$false
        (Get-SimKey -Id 1002).HasRestrictedPermissions | Should -BeFalse
    }

    It 'Set-PartooApiKey -IpWhitelist @() asks first; -Force sends it' {
        $run = Invoke-PartooChildShell 'Set-PartooApiKey -Id 1010 -IpWhitelist @()'
        $run.Text | Should -Match 'cannot ask whether to'
        @((Get-SimKey -Id 1010).IpWhitelist) | Should -HaveCount 3
        Set-PartooApiKey -Id 1010 -IpWhitelist @() -Force -WarningAction SilentlyContinue
        @((Get-SimKey -Id 1010).IpWhitelist) | Should -HaveCount 0
    }

    It 'Set-PartooApiKey -PassThru costs one request for a piped key' {
        $key = Get-PartooApiKey -Id 1002 -IncludeAllPermissions
        Clear-SimRequests
        $changed = $key | Set-PartooApiKey -Description 'Changed' -PassThru
        @(Get-SimRequests) | Should -HaveCount 1
        $changed.Description | Should -Be 'Changed'
        $changed.PermissionsAreComplete | Should -BeTrue
    }
}
