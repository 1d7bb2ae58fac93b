<#
    The README's "try it" command: build.ps1 -Task Demo starts a simulator with demo keys and a shell connected
    to it; -Command runs a script there instead of a prompt and exits with its status; leaving stops the
    simulator. Also build.ps1 -Task Package. Both run with -NoBuild here: the test command has just built,
    and this process has out/PartooKeys loaded.
#>

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
    Start-PartooStory
    $script:BuildScript = Join-Path (Get-PartooRepositoryRoot) 'build.ps1'

    function Invoke-Build([string] $Arguments) {
        $run = Invoke-PartooChildShell -NoConnect "& '$BuildScript' $Arguments; exit `$LASTEXITCODE"
        $run.Text = $run.Text -replace "$([char]27)\[[0-9;]*m", ''   # the demo shell keeps its colours
        $run
    }
}

AfterAll { Stop-PartooStory }

Describe 'build.ps1 -Task Demo -Command' {
    It 'lists demo keys and an audit summary, then stops the simulator' {
        $script = 'Get-PartooApiKey -First 5 | Format-Table Id, Label, Status; Get-PartooApiKeyAudit -Summary | Format-Table Rule, Count; "address=$((Get-PartooConnection).BaseUri)"'
        $run = Invoke-Build "-Task Demo -NoBuild -Command '$($script -replace "'", "''")'"
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match 'PartooKeys demo \(you\)'
        foreach ($rule in 'Unrestricted', 'NoExpiration', 'ExpiringSoon', 'NoIpRestriction', 'Unused', 'DormantPermissions') {
            $run.Text | Should -Match "(?m)^\s*$rule\s+\d+"
        }
        $run.Text -match 'address=(\S+)' | Should -BeTrue
        $address = $Matches[1]
        $address | Should -Match '^http://127\.0\.0\.1:\d+/v2/$'
        { Invoke-WebRequest -Uri "${address}api_keys" -UseBasicParsing -TimeoutSec 5 } | Should -Throw
    }

    It 'exits with the script''s status' {
        (Invoke-Build "-Task Demo -NoBuild -Command 'exit 3'").ExitCode | Should -Be 3
    }

    It 'writes nothing to a vault' {
        $run = Invoke-Build "-Task Demo -NoBuild -Command '(Get-PartooConnection).Source; @(Get-SecretInfo).Count'"
        $run.ExitCode | Should -Be 0
        $run.Text | Should -Match '(?m)^0\s*$'
    }
}

Describe 'build.ps1 -Task Package' {
    It 'makes out/PartooKeys.zip with the PartooKeys folder at its root' {
        $run = Invoke-Build '-Task Package -NoBuild'
        $run.ExitCode | Should -Be 0
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead((Join-Path (Get-PartooRepositoryRoot) 'out/PartooKeys.zip'))
        try { $names = @($zip.Entries | ForEach-Object { $_.FullName -replace '\\', '/' }) } finally { $zip.Dispose() }
        $names | Should -Contain 'PartooKeys/PartooKeys.psd1'
        $names | Should -Contain 'PartooKeys/PartooKeys.dll'
        $names | ForEach-Object { $_ | Should -BeLike 'PartooKeys/*' }
    }
}
