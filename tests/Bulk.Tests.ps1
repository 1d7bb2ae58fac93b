#Requires -Version 5.1
<#
    Issue 12 in a real shell: Set and Revoke keep several writes in flight; results and errors come out in input
    order; -WhatIf (what a prompt asks) goes in input order; Ctrl+C says which keys may have changed; adding a
    permission to keys from an -IncludeAllPermissions listing reads no key again. The simulator is its own
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

    It 'writes results and errors in input order' {
        $out = @(1001, 1002, 999999, 1003, -3, 1004 | Revoke-PartooApiKey -Confirm:$false -PassThru -ErrorAction Continue 2>&1)

        $out | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { 'error ' + $_.TargetObject } else { 'key ' + $_.Id } } |
            Should -Be @('key 1001', 'key 1002', 'error 999999', 'key 1003', 'error -3', 'key 1004')
        foreach ($id in 1001..1004) { (Get-SimKey $id).Disabled | Should -BeTrue }
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

    It 'warns which keys may have changed when Ctrl+C stops revokes in flight' {
        $null = Add-SimFault @{ Kind = 'Hang'; PathContains = '/revoke/1002' }
        $null = Add-SimFault @{ Kind = 'Hang'; PathContains = '/revoke/1003' }
        $connection = Connect-Partoo -BaseUri (Get-PartooSimulator).BaseUri -ApiKey (Get-SimApiKey) -PassThru
        $manifest = Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys/PartooKeys.psd1'
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
            param($Manifest, $Connection)
            Import-Module $Manifest
            Get-PartooApiKey -Id 1001, 1002, 1003 -Connection $Connection | Revoke-PartooApiKey -Confirm:$false -PassThru -Connection $Connection
        }).AddArgument($manifest).AddArgument($connection)
        $output = New-Object 'System.Management.Automation.PSDataCollection[psobject]'
        # Events, not time: the simulator holds both hung revokes, and the output collection says when 1001 was written.
        $written = Register-ObjectEvent -InputObject $output -EventName DataAdded -SourceIdentifier 'Bulk.1001Written'
        $invocation = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        try {
            Wait-SimRequests -Method POST -PathContains '/revoke/1002'
            Wait-SimRequests -Method POST -PathContains '/revoke/1003'
            if ($output.Count -lt 1) { $null = Wait-Event -SourceIdentifier 'Bulk.1001Written' -Timeout 30 }
            $output.Count | Should -Be 1 -Because '1001 was answered while 1002 and 1003 hang, and written'
            $shell.Stop()

            $warnings = ($shell.Streams.Warning | ForEach-Object Message) -join "`n"
            $warnings | Should -Match 'outcome unknown \(sent, no answer\): 1002, 1003'
            $warnings | Should -Match 'Get-PartooApiKey -Id 1002,1003'
            (Get-SimKey 1001).Disabled | Should -BeTrue
            @($output | ForEach-Object Id) | Should -Be @(1001) -Because '1001 was answered before the stop, and written'
            $warnings | Should -Not -Match '1001'
        }
        finally {
            Unregister-Event -SourceIdentifier 'Bulk.1001Written' -ErrorAction SilentlyContinue
            Remove-Event -SourceIdentifier 'Bulk.1001Written' -ErrorAction SilentlyContinue
            $written | Remove-Job -Force -ErrorAction SilentlyContinue
            if (-not $invocation.IsCompleted) { $shell.Stop() }
            $shell.Dispose()
        }
    }
}
