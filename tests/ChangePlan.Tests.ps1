# Set-PartooApiKey sends only what changes: a change that leaves the key as it is sends nothing (issue 18/19).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
}
AfterAll { Stop-PartooStory }

Describe 'A change that changes nothing' {
    BeforeEach {
        Reset-Simulator
        Connect-PartooSimulator
        Clear-SimRequests
    }

    It '<Shown> sends no PUT, says so in Verbose, and -PassThru still writes the key' -ForEach @(
        @{ Shown = '-Id 1003 -Unrestricted (already unrestricted)'; Parameters = @{ Id = 1003; Unrestricted = $true } }
        @{ Shown = '-Id 1009 -NoExpiration (never expires)'; Parameters = @{ Id = 1009; NoExpiration = $true } }
        @{ Shown = "-Id 1002 -Label 'CRM sync' (its label)"; Parameters = @{ Id = 1002; Label = 'CRM sync' } }
    ) {
        $key = Set-PartooApiKey @Parameters -PassThru -Confirm:$false -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $key.Id | Should -Be $Parameters.Id
        @(Get-SimRequests -Method PUT) | Should -HaveCount 0
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "API key $($Parameters.Id) '$($key.Label)' is already as asked; nothing was sent."
    }

    It 'beside them, a field that does change is sent once' {
        Set-PartooApiKey -Id 1003 -Label 'Renamed' -Confirm:$false
        @(Get-SimRequests -Method PUT) | Should -HaveCount 1
    }
}
