#Requires -Version 5.1
<#
    Issue 19 in a real shell: two organisations in one session. Organisation A (its own simulator: keys
    5001..5012, a catalogue of feedback_* permissions) is reached with -Connection $a; organisation B (the
    story's simulator: the standard seed, a catalogue without feedback_*) is the session's connection.
    The simulators' request logs show which organisation each command reached; TabExpansion2 shows what
    completion offers; Disconnect-Partoo during a request of $a in another runspace ends that command
    with the module's error.
#>

Describe 'Two organisations in one session' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
        Start-PartooStory
        $script:OrgA = Start-PartooSimulator -Arguments '--max-requests-per-minute', '0', '--keys', '12', '--first-id', '5001'
        $script:Manifest = Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys/PartooKeys.psd1'

        function New-Catalogue([string[]] $Names) {
            $permissions = @($Names | ForEach-Object { @{ name = $_; order = 100; feature = 'f'; depends_on = $null; disabled_for_roles = @(); beta = $false } })
            @{ sections = @(@{ name = 'main'; order = 100; subsections = @(@{ name = 'main'; order = 100; permissions = $permissions }) }) } |
                ConvertTo-Json -Depth 10 -Compress
        }
        $script:CatalogueA = New-Catalogue 'feedback_read', 'feedback_reply'
        $script:CatalogueB = New-Catalogue 'business_edit', 'review_read', 'review_reply'

        function Get-Completion([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
        }

        function Wait-SimRequest([string] $Method, $Simulator) {
            # The simulator's event: the request arrived (no sleep, no polling).
            Wait-SimRequests -Method $Method -Simulator $Simulator
        }

        <# Runs the script in another runspace with $Connection = $a; disconnects $a once its held request arrived; returns the finished PowerShell. #>
        function Invoke-DisconnectDuring([string] $Script, [string] $Method) {
            $shell = [powershell]::Create()
            $null = $shell.AddScript("param(`$Manifest, `$Connection) Import-Module `$Manifest; $Script").AddArgument($script:Manifest).AddArgument($script:a)
            $invocation = $shell.BeginInvoke()
            try {
                Wait-SimRequest $Method $script:OrgA
                Disconnect-Partoo -Connection $script:a
                $invocation.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue -Because 'the command ends when its connection is closed'
            }
            catch { $shell.Stop(); $shell.Dispose(); throw }
            $shell
        }
    }

    AfterAll {
        if ($script:OrgA) { Stop-PartooSimulator $script:OrgA }
        Stop-PartooStory
    }

    BeforeEach {
        Reset-Simulator
        Reset-Simulator -Simulator $script:OrgA
        Set-SimKnob PermissionCatalogueJson $script:CatalogueB
        Set-SimKnob PermissionCatalogueJson $script:CatalogueA -Simulator $script:OrgA
        $key = (New-Object System.Net.NetworkCredential('', $script:OrgA.ApiKey)).SecurePassword
        $script:a = Connect-Partoo -BaseUri $script:OrgA.BaseUri -ApiKey $key -PassThru
        Connect-PartooSimulator # B, the session's connection
        Clear-SimRequests
        Clear-SimRequests -Simulator $script:OrgA
    }

    AfterEach { Disconnect-Partoo -Connection $script:a }

    It '<Command> reaches only organisation A' -ForEach @(
        @{ Command = 'Get-PartooApiKey @' }
        @{ Command = 'Get-PartooApiKey @ -Id 5002' }
        @{ Command = 'Get-PartooApiKeyAudit @' }
        @{ Command = 'Get-PartooPermission @' }
        @{ Command = "New-PartooApiKey @ -Label 'Reports' -Permission feedback_read -Confirm:`$false" }
        @{ Command = "5002, 5003 | Set-PartooApiKey @ -Permission feedback_read -Confirm:`$false" }
        @{ Command = 'Get-PartooApiKey @ -Id 5004 | Revoke-PartooApiKey @ -Force' }
    ) {
        $run = [scriptblock]::Create($Command.Replace('@', '-Connection $script:a'))
        $null = & $run -ErrorAction Stop

        @(Get-SimRequests -Simulator $script:OrgA).Count | Should -BeGreaterThan 0
        @(Get-SimRequests) | Should -HaveCount 0 -Because 'organisation B was not asked'
        (Get-PartooConnection).IsConnected | Should -BeTrue
    }

    It 'without -Connection reaches only the session''s organisation B' {
        Get-PartooApiKey -Connection $script:a | Out-Null
        Clear-SimRequests -Simulator $script:OrgA

        Get-PartooApiKey | Should -Not -BeNullOrEmpty
        Set-PartooApiKey -Id 1002 -Description 'Changed' -Confirm:$false

        @(Get-SimRequests -Simulator $script:OrgA) | Should -HaveCount 0
        (Get-SimKey 1002).Description | Should -Be 'Changed'
    }

    It '-Id completion offers only the ids of the organisation the command line reaches' {
        Get-PartooApiKey -Connection $script:a | Out-Null # A's ids are seen through $a

        $onB = Get-Completion 'Get-PartooApiKey -Id '
        $onB | Should -Contain '1002'
        $onB | Where-Object { $_ -like '50*' } | Should -BeNullOrEmpty
        Get-Completion 'Set-PartooApiKey -Id 50' | Should -BeNullOrEmpty

        $onA = Get-Completion 'Revoke-PartooApiKey -Connection $a -Id '
        $onA | Should -Contain '5002'
        $onA | Where-Object { $_ -like '10*' } | Should -BeNullOrEmpty
    }

    It '<Parameter> completion offers only the names of the organisation the command line reaches' -ForEach @(
        @{ Parameter = '-Permission'; Line = 'Set-PartooApiKey {0} -Id 1 -Permission ' }
        @{ Parameter = '-AddPermission'; Line = 'Set-PartooApiKey {0} -Id 1 -AddPermission ' }
        @{ Parameter = '-RemovePermission'; Line = 'Set-PartooApiKey {0} -Id 1 -RemovePermission feed' }
        @{ Parameter = 'New-PartooApiKey -Permission'; Line = 'New-PartooApiKey {0} -Label x -Permission ' }
        @{ Parameter = 'Get-PartooPermission -Name'; Line = 'Get-PartooPermission {0} -Name ' }
    ) {
        Get-Completion ($Line -f '-Connection $a') | Should -Be @('feedback_read', 'feedback_reply')
        $onB = Get-Completion ($Line -f '')
        $onB | Where-Object { $_ -like 'feedback_*' } | Should -BeNullOrEmpty
    }

    It 'Disconnect-Partoo during a listing in another runspace ends it with the module''s error' {
        $null = Add-SimFault @{ Kind = 'Hang'; Method = 'GET'; PathContains = '/api_keys' } -Simulator $script:OrgA

        $shell = Invoke-DisconnectDuring 'Get-PartooApiKey -Connection $Connection' GET
        try {
            # A cmdlet's terminating error ends its statement: the script's error stream holds it.
            $errors = @($shell.Streams.Error)
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyConnectionClosed,*'
            $errors[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-Partoo'
            "$($errors[0]) $($errors[0].Exception.InnerException) $($shell.InvocationStateInfo.Reason)" | Should -Not -Match 'disposed'
        }
        finally { $shell.Dispose() }
        (Get-PartooApiKey | Measure-Object).Count | Should -BeGreaterThan 0 -Because 'the session''s connection (B) still works'
    }

    It 'Disconnect-Partoo during a bulk write in another runspace ends it with the module''s error' {
        $null = Add-SimFault @{ Kind = 'Hang'; Method = 'PUT' } -Simulator $script:OrgA

        $shell = Invoke-DisconnectDuring "5002..5010 | Set-PartooApiKey -Connection `$Connection -Description 'Changed' -Confirm:`$false" PUT
        try {
            $errors = @($shell.Streams.Error)
            $errors.FullyQualifiedErrorId | Should -Contain 'SetPartooApiKeyConnectionClosed,PartooKeys.Commands.SetPartooApiKeyCommand'
            ($shell.Streams.Warning | ForEach-Object Message) -join "`n" | Should -Match 'Set-PartooApiKey was stopped with'
            "$($shell.InvocationStateInfo.Reason) $($shell.Streams.Error)" | Should -Not -Match 'disposed'
        }
        finally { $shell.Dispose() }
    }

    It 'a command on a disconnected connection says so and how to connect again' {
        Disconnect-Partoo -Connection $script:a

        $failure = $null
        try { Get-PartooApiKey -Connection $script:a } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'GetPartooApiKeyConnectionClosed,*'
        "$failure" | Should -Match 'closed with Disconnect-Partoo, so nothing was sent'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-Partoo -PassThru'
        @(Get-SimRequests -Simulator $script:OrgA) | Should -HaveCount 0
    }
}
