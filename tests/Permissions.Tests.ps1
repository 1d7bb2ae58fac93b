<#
    Pester stories: least privilege with the organisation's permission catalogue (GET /permissions).
    The simulator's catalogue holds names PartooKeys' own fallback list does not have (feedback_read,
    review_tag_manage, ...), a retired name on key 1013 and a missing dependency on key 1012.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
    function Complete([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll { Stop-PartooStory }

Describe 'The permission catalogue' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator   # a new connection: the catalogue is read again when first needed
    }

    It 'lists the organisation''s permissions, names the module cannot know included, read once per connection' {
        $all = Get-PartooPermission
        $all.Name | Should -Contain 'feedback_read'
        $all.Name | Should -Contain 'review_tag_manage'
        $reply = $all | Where-Object Name -eq 'review_reply'
        $reply.Section | Should -Be 'reviews'
        $reply.Subsection | Should -Be 'review_management'
        $reply.DependsOn | Should -Be 'review_read'
        $reply.DisabledForRoles | Should -Be @('PUBLISHER')
        (Get-PartooPermission -Name 'review_*').Name | Should -Be @('review_read', 'review_reply', 'review_tag_manage')
        @(Get-SimRequests -PathLike '/v2/permissions') | Should -HaveCount 1
    }

    It 'shows a table grouped by section' {
        $text = (Invoke-PartooChildShell -Script 'Get-PartooPermission | Format-Table | Out-String -Width 200').Text
        $text | Should -Match 'Section: presence'
        $text | Should -Match 'Section: reviews'
        $text | Should -Match 'DisabledForRoles'
    }

    It 'names the closest permission for an unknown name' {
        Get-PartooPermission -Name review_raed -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooPermissionNotFound*'
        $failure[0].ErrorDetails.Message | Should -Match 'Did you mean review_read\?'
    }

    It 'refuses a typo before anything is sent, with the closest real name' {
        Clear-SimRequests
        { New-PartooApiKey -Label 'Reviews bot' -Permission review_raed -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*did you mean review_read?*'
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'NewPartooApiKeyInvalidPermission*'
        $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Set-PartooApiKey -Id 1002 -AddPermission feedbak_read -Confirm:$false -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'SetPartooApiKeyInvalidPermission*'
        @(Get-SimRequests -Method POST) + @(Get-SimRequests -Method PUT) | Should -HaveCount 0
    }

    It 'creates a key with names only the catalogue knows' {
        $key = New-PartooApiKey -Label 'Feedback' -Permission feedback_read, feedback_reply -Confirm:$false -WarningVariable warnings
        $warnings | Should -BeNullOrEmpty
        (Get-SimKey -Id $key.Id).Permissions | Should -Be @('feedback_read', 'feedback_reply')
    }

    It 'warns about a missing dependency and a permission disabled for the key user''s role' {
        New-PartooApiKey -Label 'Hours' -Permission business_edit_hours -WhatIf -WarningVariable dependency 3>$null
        "$dependency" | Should -Match 'business_edit_hours depends on business_edit'
        Set-PartooApiKey -Id 1009 -Permission review_read, user_read, user_edit -WhatIf -WarningVariable role 3>$null
        "$role" | Should -Match 'user_edit is disabled for the role BUSINESS_MANAGER'
    }

    It 'keeps managing keys when Partoo refuses the catalogue (403)' {
        Set-SimKnob PermissionsForbidden $true
        $messages = New-PartooApiKey -Label 'No catalogue' -Permission feedback_read -Confirm:$false -Verbose 4>&1
        ($messages | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match '403'
        @(Get-SimRequests -Method POST) | Should -HaveCount 1
        { Get-PartooPermission -ErrorAction Stop } | Should -Throw
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooPermissionForbidden*'
        $fallback = (Complete 'New-PartooApiKey -Label x -Permission review_').CompletionText   # documented names + names seen on keys
        $fallback | Should -Contain 'review_reply'
        $fallback | Should -Not -Contain 'review_tag_manage'   # only the catalogue knows it
    }

    It 'completes the organisation''s names with their section, and key ids with their labels' {
        $matches = Complete 'Set-PartooApiKey -Id 1002 -AddPermission feedback_'
        $matches.CompletionText | Should -Be @('feedback_read', 'feedback_reply')
        $matches[0].ToolTip | Should -Match 'reviews / feedback_management'
        $ids = Complete 'Revoke-PartooApiKey -Id 100'
        $ids.CompletionText | Should -Contain '1002'
        ($ids | Where-Object CompletionText -eq '1002').ListItemText | Should -Be '1002 CRM sync'
        (Complete 'Get-PartooApiKey -Id crm').CompletionText | Should -Be @('1002')
    }
}

Describe 'Auditing against the catalogue' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
    }

    It 'finds a retired name and a missing dependency, each with the command that fixes it' {
        $findings = Get-PartooApiKeyAudit -Rule UnknownPermission, MissingDependency
        $unknown = $findings | Where-Object Rule -eq 'UnknownPermission'
        $unknown.KeyId | Should -Be 1013
        $unknown.Recommendation | Should -Be 'Set-PartooApiKey -Id 1013 -RemovePermission review_export_legacy'
        $missing = $findings | Where-Object Rule -eq 'MissingDependency'
        $missing.KeyId | Should -Be 1012
        $missing.Recommendation | Should -Be 'Set-PartooApiKey -Id 1012 -AddPermission user_read'
    }

    It 'pipes findings to Revoke-PartooApiKey and Set-PartooApiKey by Id' {
        $preview = (Invoke-PartooChildShell -Script 'Get-PartooApiKeyAudit -Rule UnknownPermission | Revoke-PartooApiKey -WhatIf').Text
        $preview | Should -Match "API key 1013 'Legacy key'"
        Get-PartooApiKeyAudit -Rule MissingDependency | Set-PartooApiKey -AddPermission user_read -Confirm:$false
        (Get-SimKey -Id 1012).Permissions | Should -Contain 'user_read'
        @(Get-SimRequests -Method PUT).Path | Should -Be @('/v2/api_keys/1012')
        @(Get-SimRequests -Method POST) | Should -HaveCount 0
    }

    It 'skips the catalogue rules with a Verbose line when Partoo refuses the catalogue' {
        Set-SimKnob PermissionsForbidden $true
        $all = Get-PartooApiKeyAudit -Verbose 4>&1
        $verbose = ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $verbose | Should -Match 'UnknownPermission and MissingDependency are skipped'
        ($all | Where-Object { $_ -is [PartooKeys.ApiKeyFinding] }).Rule | Should -Not -Contain 'UnknownPermission'
    }
}
